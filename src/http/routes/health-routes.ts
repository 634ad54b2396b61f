import { Router } from 'express';
import type { Logger } from 'pino';
import { isOperator, type AuthDependencies } from '../middleware/auth';

const READY_TIMEOUT_MS = 2_000;

/**
 * A dependency the service needs to serve traffic; rejects (or hangs) when it is unavailable. A probe that
 * resolves to `{ degraded: true, … }` is reported with its details without taking the instance out of
 * service (e.g. projections with dead letters: the API still works, operators must look).
 */
export type ReadinessProbe = () => Promise<unknown>;

const isDegraded = (value: unknown): value is { degraded: true } =>
  typeof value === 'object' && value !== null && (value as { degraded?: unknown }).degraded === true;

/** `details` (projection errors, stalled partitions) go only to an operator: `auth` absent, nobody sees them. */
export function healthRoutes(
  logger: Logger,
  version: string,
  readiness: Readonly<Record<string, ReadinessProbe>>,
  auth?: AuthDependencies,
): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'convergence', version });
  });
  router.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/health/ready', async (req, res) => {
    const results = await Promise.all(
      Object.entries(readiness).map(async ([name, probe]) => {
        try {
          const value = await withTimeout(probe(), READY_TIMEOUT_MS);
          return isDegraded(value) ? ([name, 'degraded', value] as const) : ([name, 'ok', undefined] as const);
        } catch (error) {
          logger.warn({ check: name, err: error }, 'readiness check failed');
          return [name, 'unavailable', undefined] as const;
        }
      }),
    );
    const ready = results.every(([, status]) => status !== 'unavailable');
    const degraded = results.filter(([, status]) => status === 'degraded');
    const showDetails = degraded.length > 0 && auth !== undefined && (await isOperator(auth, req));
    res.status(ready ? 200 : 503).json({
      status: !ready ? 'not_ready' : degraded.length > 0 ? 'degraded' : 'ready',
      checks: Object.fromEntries(results.map(([name, status]) => [name, status])),
      ...(showDetails ? { details: Object.fromEntries(degraded.map(([name, , detail]) => [name, detail])) } : {}),
    });
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
