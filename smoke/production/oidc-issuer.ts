import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Google's side of OIDC for the smoke test: an RSA key made here, its public key served as Google serves its
 * certificates (`{kid: pem}` at a URL), and ID tokens signed with it as Google signs them for Cloud Scheduler and
 * Cloud Tasks. The service verifies them with google-auth-library, for real, against this URL.
 */
export interface OidcIssuer {
  readonly certsUrl: string;
  idToken(claims: { readonly email: string; readonly audience: string; readonly emailVerified?: boolean }): string;
  stop(): Promise<void>;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export async function startOidcIssuer(): Promise<OidcIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID().replace(/-/g, '');
  const certs = JSON.stringify({ [kid]: publicKey.export({ type: 'spki', format: 'pem' }) });
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/oauth2/v1/certs') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=3600' }).end(certs);
    } else {
      res.writeHead(404).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    certsUrl: `http://127.0.0.1:${port}/oauth2/v1/certs`,
    idToken({ email, audience, emailVerified = true }) {
      const now = Math.floor(Date.now() / 1000);
      const header = base64url(JSON.stringify({ alg: 'RS256', kid, typ: 'JWT' }));
      const payload = base64url(
        JSON.stringify({
          iss: 'https://accounts.google.com',
          aud: audience,
          sub: email,
          email,
          email_verified: emailVerified,
          iat: now,
          exp: now + 3600,
        }),
      );
      const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), privateKey);
      return `${header}.${payload}.${base64url(signature)}`;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
