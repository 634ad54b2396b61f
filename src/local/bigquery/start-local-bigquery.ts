import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Catalog } from './engine/catalog';
import { DuckDbEngine } from './engine/duckdb-engine';
import { InsertIdWindow } from './engine/insert-rows';
import { JobRegistry } from './engine/jobs';
import { createBigQueryApp } from './http/app';
import { LOCAL_BIGQUERY_TOKEN } from './client-options';

export interface LocalBigQueryOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** ':memory:' (the default) or a DuckDB file for data that outlives the process. */
  readonly databasePath?: string;
  readonly projectId?: string;
  /**
   * Which bearer tokens a call may carry. The default accepts only our own client's static token
   * (client-options.ts); the production smoke test also accepts the tokens its metadata server issued.
   */
  readonly acceptsToken?: (token: string) => boolean;
}

export interface RunningLocalBigQuery {
  /** e.g. http://127.0.0.1:PORT — the client's apiEndpoint. */
  readonly url: string;
  readonly projectId: string;
  stop(): Promise<void>;
}

/** Starts the BigQuery-REST-compatible endpoint on DuckDB (the stand-in for BigQuery, which has no emulator). */
export async function startLocalBigQuery(options: LocalBigQueryOptions = {}): Promise<RunningLocalBigQuery> {
  const host = options.host ?? '127.0.0.1';
  const projectId = options.projectId ?? 'convergence-local';
  const databasePath = options.databasePath ?? ':memory:';
  if (databasePath !== ':memory:') mkdirSync(dirname(databasePath), { recursive: true });
  const engine = await DuckDbEngine.open(databasePath);
  await engine.exclusive((session) => Catalog.initialise(session));
  const app = createBigQueryApp({
    engine,
    jobs: new JobRegistry(engine),
    insertIds: new InsertIdWindow(),
    catalog: (session) => new Catalog(session),
    acceptsToken: options.acceptsToken ?? ((token) => token === LOCAL_BIGQUERY_TOKEN),
  });
  const server = app.listen(options.port ?? 0, host);
  // Node closes idle keep-alive sockets after 5 s; a client that reuses one at that moment gets "socket hang
  // up" (seen under load in bench:projection). Idle sockets are kept longer than the client keeps them instead.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    projectId,
    // Idempotent: a second stop() waits for the first.
    stop: () =>
      (stopped ??= (async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
        await engine.close();
      })()),
  };
}
