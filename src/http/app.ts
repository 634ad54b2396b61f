import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { ServiceContext } from '../app/service-context';
import type { ProjectionDoorbell } from '../projections/doorbell';
import type { KnownSecrets } from '../security';
import type { AuthDependencies } from './middleware/auth';
import { limitBodyDepth } from './middleware/body-depth';
import type { Drain } from './middleware/draining';
import { errorHandler, notFound } from './middleware/error-handler';
import { requestId } from './middleware/request-id';
import { createHttpMetrics, type HttpMetrics } from './metrics';
import { redactedPath } from './redacted-path';
import { traceRequest } from './middleware/trace';
import { healthRoutes, type ReadinessProbe } from './routes/health-routes';
import { adminRoutes } from './routes/admin-routes';
import { auditRoutes } from './routes/audit-routes';
import { apiKeyRoutes } from './routes/api-key-routes';
import { credentialRoutes } from './routes/credential-routes';
import { scheduleRoutes } from './routes/schedule-routes';
import { schedulerRoutes } from './routes/scheduler-routes';
import { replayRoutes } from './routes/replay-routes';
import { runRoutes } from './routes/run-routes';
import { maintenanceRoutes } from './routes/maintenance-routes';
import { tenantRoutes } from './routes/tenant-routes';
import { EVENTARC_ROUTE, eventarcRoutes } from './routes/eventarc-routes';

export type { ReadinessProbe } from './routes/health-routes';

export interface ApiDependencies {
  readonly ctx: ServiceContext;
  readonly auth: AuthDependencies;
  /** Rung by `POST /eventarc/firestore` (mounted only when present): catches up the partition an event landed in. */
  readonly doorbell?: ProjectionDoorbell;
}

export interface AppDependencies {
  readonly logger: Logger;
  readonly version: string;
  /** Checked by /health/ready, each under an explicit timeout. */
  readonly readiness: Readonly<Record<string, ReadinessProbe>>;
  /** The API; without it the app serves health and metrics only. */
  readonly api?: ApiDependencies;
  readonly metrics?: HttpMetrics;
  /** Largest accepted JSON body (default 256 KiB). */
  readonly bodyLimitBytes?: number;
  /**
   * Proxies in front of the service whose `X-Forwarded-For` entry is trusted (default 0: the socket's peer is
   * the client). `req.ip`, which the failed-authentication limit is keyed by, depends on it.
   */
  readonly trustProxyHops?: number;
  /** The configured secrets: masked by value in every error answer (a caller may send one back in a path or body). */
  readonly knownSecrets?: KnownSecrets;
  /** Shutdown's draining state: while draining every new request is refused 503 `DRAINING`. */
  readonly drain?: Drain;
}

/** The HTTP face of the service. */
export function createApp(deps: AppDependencies): Express {
  const { logger } = deps;
  const metrics = deps.metrics ?? createHttpMetrics({ defaultMetrics: false });
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxyHops ?? 0);
  app.use(requestId);
  app.use(traceRequest);
  app.use(metrics.middleware);
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Method, path and status only: headers and bodies (keys, credentials) are never logged. A caller may put a
      // secret in the path itself, so it is redacted (the logger masks configured secrets by value as well).
      const path = redactedPath(req.path);
      const line = {
        requestId: req.requestId,
        method: req.method,
        path,
        status: res.statusCode,
        ms: Math.round(ms),
        // Cloud Logging shows this as the entry's request; the URL is the redacted path (no query string).
        httpRequest: {
          requestMethod: req.method,
          requestUrl: path,
          status: res.statusCode,
          latency: `${(ms / 1000).toFixed(3)}s`,
        },
      };
      // Eventarc rings per event document: its successful deliveries are logged by the catch-up line only.
      logger[req.path === EVENTARC_ROUTE && res.statusCode < 400 ? 'debug' : 'info'](line, 'request');
    });
    next();
  });
  // Ahead of every route (health included) and of reading any body; after the request log, which records refusals.
  if (deps.drain) app.use(deps.drain.middleware);
  // Before the JSON parser: the Eventarc route reads its body as raw bytes (protobuf, JSON or base64 text).
  if (deps.api?.doorbell) {
    const database = { projectId: deps.api.ctx.projectId, databaseId: '(default)' };
    app.use(eventarcRoutes(deps.api.doorbell, deps.api.auth, { logger, database, registry: metrics.registry }));
  }
  app.use(express.json({ limit: deps.bodyLimitBytes ?? 256 * 1024, type: ['application/json', 'application/*+json'] }));
  app.use(limitBodyDepth);

  app.use(healthRoutes(logger, deps.version, deps.readiness, deps.api?.auth));
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  if (deps.api) {
    const { ctx, auth } = deps.api;
    app.use(
      adminRoutes(ctx, auth),
      tenantRoutes(ctx, auth),
      apiKeyRoutes(ctx, auth),
      credentialRoutes(ctx, auth),
      scheduleRoutes(ctx, auth),
      schedulerRoutes(ctx, auth),
      runRoutes(ctx, auth),
      maintenanceRoutes(ctx, auth),
      replayRoutes(ctx, auth),
      auditRoutes(ctx, auth),
    );
  }
  app.use(notFound);
  app.use(errorHandler(logger, deps.knownSecrets));
  return app;
}
