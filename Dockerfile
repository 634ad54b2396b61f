# syntax=docker/dockerfile:1
# The production image: dist/ run by Node 20 with production dependencies only. The local stand-ins
# (Firestore emulator, DuckDB, the SQL translator) are never in it.

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    METADATA_SERVER_DETECTION=auto \
    PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY configs ./configs
USER node
EXPOSE 8080
CMD ["node", "dist/main.js"]
