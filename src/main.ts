/**
 * The local start: launches what the service needs on this machine (the Firestore emulator unless
 * FIRESTORE_EMULATOR_HOST names one), then the HTTP service on PORT. No setting is required.
 */
import type { Server } from 'node:http';
import { Firestore } from '@google-cloud/firestore';
import { loadConfig } from './config/config';
import { createApp } from './http/app';
import { createLogger } from './http/logger';
import { startFirestoreEmulator } from './local/firestore/start-firestore-emulator';

const VERSION = process.env.npm_package_version ?? '0.1.0';

async function main(): Promise<void> {
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  const loaded = loadConfig(process.env);
  if (loaded._tag === 'Left') {
    console.error(loaded.left.message);
    process.exit(2);
  }
  const config = loaded.right;
  const logger = createLogger(config.logLevel);

  const emulator = await startFirestoreEmulator();
  process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
  logger.info({ host: emulator.host, reused: emulator.external }, 'Firestore emulator ready');

  const db = new Firestore({ projectId: config.projectId });
  const app = createApp({ logger, version: VERSION, readiness: { firestore: () => db.collection('system').limit(1).get() } });
  const server: Server = app.listen(config.port, () => {
    logger.info({ port: config.port }, `Convergence listening on http://localhost:${config.port} (try /health)`);
  });

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close(async () => {
      await db.terminate();
      await emulator.stop();
      process.exit(0);
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
