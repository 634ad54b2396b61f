import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The part of Cloud Run's metadata server Application Default Credentials use: the project id and an access token
 * for the default service account (`GCE_METADATA_HOST` points google-auth-library here). The BigQuery client gets
 * its token this way, exactly as on Cloud Run; the local BigQuery endpoint accepts exactly the tokens issued here.
 */
export interface MetadataServer {
  /** `host:port`, the value of GCE_METADATA_HOST. */
  readonly host: string;
  /** How many tokens were handed out: proof the production client authenticated through ADC. */
  tokensIssued(): number;
  /** Whether this server handed out the token (the local BigQuery endpoint accepts exactly these). */
  issued(token: string): boolean;
  stop(): Promise<void>;
}

export async function startMetadataServer(projectId: string): Promise<MetadataServer> {
  const issuedTokens = new Set<string>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.headers['metadata-flavor'] !== 'Google') {
      res.writeHead(403).end('Missing Metadata-Flavor: Google');
      return;
    }
    const answer = (body: string, type = 'application/text') =>
      res.writeHead(200, { 'metadata-flavor': 'Google', 'content-type': type }).end(body);
    if (path === '/computeMetadata/v1/instance' || path === '/computeMetadata/v1/instance/') answer('{}');
    else if (path === '/computeMetadata/v1/project/project-id') answer(projectId);
    else if (path === '/computeMetadata/v1/instance/service-accounts/default/token') {
      const token = `smoke-${randomBytes(16).toString('hex')}`;
      issuedTokens.add(token);
      answer(JSON.stringify({ access_token: token, expires_in: 3600, token_type: 'Bearer' }), 'application/json');
    } else if (path === '/computeMetadata/v1/instance/service-accounts/default/email') {
      answer(`convergence-run@${projectId}.iam.gserviceaccount.com`);
    } else res.writeHead(404, { 'metadata-flavor': 'Google' }).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    tokensIssued: () => issuedTokens.size,
    issued: (token) => issuedTokens.has(token),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
