import type { Firestore } from '@google-cloud/firestore';
import express, { type Express } from 'express';
import type { Logger } from 'pino';

const READY_TIMEOUT_MS = 2_000;

export interface AppDependencies {
  readonly db: Firestore;
  readonly logger: Logger;
  readonly version: string;
}

/** The HTTP face of the service. At this stage: health only; later issues add the API. */
export function createApp({ db, logger, version }: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'convergence', version });
  });
  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/health/ready', async (_req, res) => {
    try {
      await withTimeout(db.collection('system').limit(1).get(), READY_TIMEOUT_MS);
      res.json({ status: 'ready', checks: { firestore: 'ok' } });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ status: 'not_ready', checks: { firestore: 'unavailable' } });
    }
  });
  return app;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
