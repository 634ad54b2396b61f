/**
 * The local BigQuery endpoint in its own process, as BigQuery is in production: the projection benchmark's
 * RSS is then the projector's alone. Prints its URL on the first line of stdout.
 */
import { startLocalBigQuery } from '../../src/local/bigquery/start-local-bigquery';

startLocalBigQuery({ projectId: process.argv[2] ?? 'convergence-bench' }).then(
  (endpoint) => {
    process.stdout.write(`${endpoint.url}\n`);
    process.on('SIGTERM', () => void endpoint.stop().finally(() => process.exit(0)));
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
