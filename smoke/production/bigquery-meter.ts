import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** BigQuery bills per job (bytes scanned) and per streamed byte: what one run asks of it, counted on the wire. */
export interface BigQueryCounts {
  /** jobs.insert and jobs.query: each creates one job. */
  readonly jobs: number;
  /** tabledata.insertAll calls (streaming inserts, billed per byte). */
  readonly streamingInserts: number;
  /** Everything else (job polls, getQueryResults, table and dataset reads): free, counted for the record. */
  readonly otherCalls: number;
}

export interface BigQueryMeter {
  /** The URL the service's BIGQUERY_EMULATOR_HOST names (the client appends nothing to it). */
  readonly baseUrl: string;
  counts(): BigQueryCounts;
  reset(): void;
  stop(): Promise<void>;
}

const JOB_CREATION = /\/bigquery\/v2\/projects\/[^/]+\/(jobs|queries)$/;
const INSERT_ALL = /\/insertAll$/;

/** A transparent HTTP proxy in front of the local BigQuery endpoint that classifies each call it forwards. */
export async function startBigQueryMeter(targetUrl: string): Promise<BigQueryMeter> {
  const target = new URL(targetUrl);
  let counts = { jobs: 0, streamingInserts: 0, otherCalls: 0 };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'POST' && JOB_CREATION.test(path)) counts.jobs += 1;
    else if (req.method === 'POST' && INSERT_ALL.test(path)) counts.streamingInserts += 1;
    else counts.otherCalls += 1;
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => res.writeHead(502).end(`local BigQuery unreachable: ${error.message}`));
    req.pipe(upstream);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/bigquery/v2`,
    counts: () => ({ ...counts }),
    reset: () => {
      counts = { jobs: 0, streamingInserts: 0, otherCalls: 0 };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
