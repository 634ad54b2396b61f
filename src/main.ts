/**
 * The service. Locally (the default) it starts what it needs on this machine — the Firestore emulator unless
 * FIRESTORE_EMULATOR_HOST names one, the BigQuery-compatible endpoint on a DuckDB file — generates its secrets
 * once (printing the admin key), then serves HTTP on PORT. No setting is required.
 */
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config } from './config/config';
import { createApp } from './http/app';
import { loadDemo, loadLocalScheduler, loadPrettify } from './runtime/load-local';
import { createLogger, type LoggerOptions } from './http/logger';
import { createHttpMetrics } from './http/metrics';
import { createRuntime } from './runtime/create-runtime';
import { KnownSecrets } from './security/redaction';
import { removeLocalStack, writeLocalStack } from './runtime/local-stack-file';
import { createDrain } from './http/middleware/draining';
import { SHUTDOWN_BUDGET, shutdown } from './runtime/shutdown';

const VERSION = process.env.npm_package_version ?? '0.1.0';

/** Cloud Logging's JSON in production; readable lines on a terminal locally; pino's JSON when piped. */
function logFormatOf(config: Config): LoggerOptions {
  if (config.mode === 'production') return { format: 'cloud-logging', projectId: config.projectId, version: VERSION };
  const prettify = process.stdout.isTTY ? loadPrettify() : undefined;
  return prettify ? { format: 'pretty', prettify } : { format: 'json' };
}

async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  if (loaded._tag === 'Left') {
    console.error(loaded.left.message);
    process.exit(2);
  }
  const config = loaded.right;
  // Locally there is no metadata server to probe (a 3 s wait); in production ADC must find Cloud Run's.
  if (config.mode === 'local') process.env.METADATA_SERVER_DETECTION ??= 'none';
  const knownSecrets = new KnownSecrets();
  const logger = createLogger(config.logLevel, undefined, { knownSecrets, ...logFormatOf(config) });
  const runtime = await createRuntime(config, logger, { localEventarc: true, knownSecrets });
  logger.info(
    { firestore: runtime.firestoreEmulatorHost ?? 'Google Cloud', warehouse: runtime.bigqueryUrl ?? 'BigQuery' },
    'dependencies ready',
  );
  if (runtime.generatedAdminKey) {
    // Printed once, to the terminal only (never through the logger).
    process.stdout.write(
      `\n  Admin key (X-Admin-Key), generated for this machine and kept in ${config.dataDir}/local-secrets.json:\n  ${runtime.generatedAdminKey}\n\n`,
    );
  }

  const drain = createDrain();
  const app = createApp({
    logger,
    version: VERSION,
    readiness: runtime.readiness,
    api: { ctx: runtime.ctx, auth: runtime.auth, doorbell: runtime.ctx.projections.live },
    metrics: createHttpMetrics(),
    bodyLimitBytes: config.bodyLimitBytes,
    trustProxyHops: config.trustProxyHops,
    knownSecrets,
    drain,
  });
  // Locally 127.0.0.1 (this machine only) unless CONVERGENCE_BIND_ADDRESS opts in; Cloud Run needs 0.0.0.0.
  const server = app.listen(config.port, config.bindAddress);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { address, port } = server.address() as AddressInfo;
  if (config.mode === 'local' && runtime.firestoreEmulatorHost && runtime.bigqueryUrl && runtime.cloudTasksAddress) {
    writeLocalStack(config.dataDir, {
      pid: process.pid,
      firestoreEmulatorHost: runtime.firestoreEmulatorHost,
      bigqueryUrl: runtime.bigqueryUrl,
      cloudTasksAddress: runtime.cloudTasksAddress,
      serviceUrl: `http://127.0.0.1:${port}`,
    });
  }
  logger.info({ address, port }, `Convergence listening on http://127.0.0.1:${port} (try /health)`);

  // Local-only modules load lazily: a production start never loads src/local/.
  const scheduler =
    config.localScheduler && runtime.serviceToken
      ? loadLocalScheduler().startLocalScheduler({
          serviceUrl: `http://127.0.0.1:${port}`,
          serviceToken: runtime.serviceToken,
          report: (job, outcome) => logger.info({ job, ...outcome }, 'local scheduler fired'),
        })
      : undefined;
  // Eventarc rings the projector per event; this periodic catch-up covers any delivery that never came.
  if (config.projectionCatchUpMs > 0) runtime.ctx.projections.live.startPeriodic(config.projectionCatchUpMs);
  if (config.demo) {
    const { seedDemo, demoGuide } = loadDemo();
    const tenants = await seedDemo(runtime.ctx, logger);
    process.stdout.write(demoGuide(`http://127.0.0.1:${port}`, config.dataDir, tenants));
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    // The last resort: whatever hangs, the process is gone before Cloud Run's SIGKILL.
    setTimeout(() => process.exit(1), SHUTDOWN_BUDGET.exitMs).unref();
    const parts = {
      logger,
      drain,
      server,
      ctx: runtime.ctx,
      executions: runtime.executions,
      stopScheduler: scheduler ? () => scheduler.stop() : undefined,
      stopRuntime: async () => {
        if (config.mode === 'local') removeLocalStack(config.dataDir);
        await runtime.stop();
      },
    };
    void shutdown(parts, signal).then(
      (code) => process.exit(code),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
