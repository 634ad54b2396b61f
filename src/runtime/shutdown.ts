import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { ExecutionsInFlight } from '../app/runs/executions-in-flight';
import { releaseLease } from '../app/runs/release-lease';
import type { ServiceContext } from '../app/service-context';
import type { Drain } from '../http/middleware/draining';

/**
 * Cloud Run sends SIGTERM, then SIGKILL 10 s later. The service exits by EXIT_DEADLINE_MS after SIGTERM, leaving
 * 2 s of slack: requests in flight get up to REQUESTS_BUDGET_MS to finish, and the rest (leases given back,
 * connections closed, clients terminated) fits in what remains.
 */
export const SHUTDOWN_BUDGET: ShutdownBudget = { requestsMs: 6_000, exitMs: 8_000 };

export interface ShutdownBudget {
  /** After SIGTERM, requests in flight may finish until then. */
  readonly requestsMs: number;
  /** After SIGTERM, the process has exited by then. */
  readonly exitMs: number;
}

export interface ShutdownParts {
  readonly logger: Logger;
  readonly drain: Drain;
  readonly server: Server;
  readonly ctx: Pick<ServiceContext, 'db' | 'projections'>;
  readonly executions: ExecutionsInFlight;
  /** The local scheduler clock, when it runs. */
  readonly stopScheduler?: () => void;
  /** Everything else (clients, local dependencies, the local stack file); last. */
  readonly stopRuntime: () => Promise<void>;
}

/** What is left for a phase that must end by `deadlineMs` (ms after SIGTERM), never negative. */
export const remainingMs = (elapsedMs: number, deadlineMs: number): number => Math.max(0, deadlineMs - elapsedMs);

/**
 * Drains and stops the service; resolves with the exit code (0: drained and stopped in time). Refuses new
 * requests at once, stops the periodic projection catch-up (awaiting the one in flight), waits for requests in
 * flight within the budget, detaches run executions that outlive it (their leases given back so a redelivery
 * resumes them), then closes every connection and stops the runtime by the exit deadline.
 */
export async function shutdown(
  parts: ShutdownParts,
  signal: string,
  budget: ShutdownBudget = SHUTDOWN_BUDGET,
): Promise<number> {
  const { logger, drain, server, ctx, executions } = parts;
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  drain.begin();
  logger.info({ signal, inFlight: drain.inFlight, budgetMs: budget.exitMs }, 'shutting down: draining requests');
  parts.stopScheduler?.();
  // The catch-up in flight finishes its batch (each is idempotent); an unfinished one is redone after its lease.
  const projectionsStopped = ctx.projections.live.stop();

  const drained = await within(drain.idle(), remainingMs(elapsed(), budget.requestsMs));
  if (!drained) {
    const detached = executions.detachAll();
    const released = await within(
      Promise.all(detached.map((e) => releaseLease(ctx, e.tenantId, e.runId, e.workerId).catch(() => false))),
      remainingMs(elapsed(), budget.exitMs - 1_000),
    );
    logger.warn(
      { inFlight: drain.inFlight, runs: detached.map((e) => e.runId), leasesReleased: released },
      'requests outlived the shutdown budget: their connections close; interrupted runs resume on redelivery',
    );
  }
  server.close();
  server.closeAllConnections();
  const stopped = await within(projectionsStopped.then(parts.stopRuntime), remainingMs(elapsed(), budget.exitMs - 250));
  if (!stopped) logger.warn({ elapsedMs: elapsed() }, 'shutdown: stopping the runtime outlived its budget');
  logger.info({ elapsedMs: elapsed(), drained }, 'stopped');
  return stopped ? 0 : 1;
}

/** Whether `work` settled within `ms` (its failure counts as settled: shutdown goes on regardless). */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = work.then(
    () => true,
    () => true,
  );
  return Promise.race([settled, timeout]).finally(() => clearTimeout(timer));
}
