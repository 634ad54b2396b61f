import { Router } from 'express';
import type { Logger } from 'pino';

const READY_TIMEOUT_MS = 2_000;

/** A dependency the service needs to serve traffic; rejects (or hangs) when it is unavailable. */
export type ReadinessProbe = () => Promise<unknown>;

export function healthRoutes(logger: Logger, version: string, readiness: Readonly<Record<string, ReadinessProbe>>): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'convergence', version });
  });
  router.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/health/ready', async (_req, res) => {
    const results = await Promise.all(
      Object.entries(readiness).map(async ([name, probe]) => {
        try {
          await withTimeout(probe(), READY_TIMEOUT_MS);
          return [name, 'ok'] as const;
        } catch (error) {
          logger.warn({ check: name, err: error }, 'readiness check failed');
          return [name, 'unavailable'] as const;
        }
      }),
    );
    const ready = results.every(([, status]) => status === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks: Object.fromEntries(results) });
  });
  return router;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
