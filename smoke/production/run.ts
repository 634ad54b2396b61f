/**
 * `npm run smoke:production`: the production artifact, started as the image starts it, against Google's stand-ins
 * on this machine. Progress goes to stderr; the last line on stdout is one JSON object with the figures
 * (docs/deploy.md explains them). Exit code 0 only when every check held.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort } from '../../tests/runtime/support/start-service';
import { assembleProductionArtifact } from './artifact';
import { runScenario } from './scenario';
import { startServiceProcess } from './service-process';
import { startStandIns } from './stand-ins';

/** Cloud Run sends SIGKILL this long after SIGTERM. */
const CLOUD_RUN_GRACE_MS = 10_000;

const progress = (message: string) => process.stderr.write(`smoke:production: ${message}\n`);

async function main(): Promise<void> {
  const repoRoot = resolve(__dirname, '../..');
  progress('building dist/ and installing production dependencies only into a temporary copy');
  const artifact = assembleProductionArtifact(repoRoot);
  const port = await freePort();
  const serviceUrl = `http://127.0.0.1:${port}`;
  progress('starting the stand-ins (Firestore emulator, BigQuery on DuckDB, Cloud Tasks, Cloud KMS, OIDC, metadata)');
  const standIns = await startStandIns(serviceUrl, port);
  let figures: Record<string, unknown> = { ok: false };
  try {
    progress(`starting node dist/main.js in production mode on ${serviceUrl}`);
    const service = await startServiceProcess(artifact.dir, standIns.env);
    let stopped: { code: number | null; exitMs: number } | undefined;
    try {
      const result = await runScenario(serviceUrl, standIns);
      const rssMb = service.peakRssMb();
      stopped = await service.stop();
      const drained = stopped.code === 0 && stopped.exitMs < CLOUD_RUN_GRACE_MS;
      if (!drained) throw new Error(`SIGTERM: exit ${stopped.code} after ${stopped.exitMs} ms`);
      if (standIns.metadata.tokensIssued() === 0) throw new Error('BigQuery was never authenticated through ADC');
      figures = {
        ok: true,
        start_ms: service.startMs,
        rss_mb: rssMb,
        image_dependencies: artifact.productionPackages,
        firestore_reads_per_run: result.firestore.reads,
        firestore_writes_per_run: result.firestore.writes,
        bigquery_jobs_per_run: result.bigquery.jobs,
        bigquery_streaming_inserts_per_run: result.bigquery.streamingInserts,
        service_auth_refusals: result.refusals,
        exit_ms: stopped.exitMs,
        run_ids: result.runIds,
      };
    } finally {
      if (!stopped) await service.stop();
    }
  } finally {
    await standIns.stop();
    rmSync(artifact.dir, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    progress(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.stdout.write(
      `${JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) })}\n`,
    );
    process.exit(1);
  },
);
