import { executeRun } from '../../../src/app/runs/execute-run';
import type { ServiceContext } from '../../../src/app/service-context';
import type { Clock } from '../../../src/pipelines';

/** Timeouts that never fire and sleeps that never end: this worker does nothing more on its own. */
const frozenClock: Clock = {
  now: () => new Date(),
  sleep: () => new Promise<void>(() => undefined),
  timeoutSignal: () => new AbortController().signal,
};

/**
 * Delivers a run's task to a worker that will die: it starts the run (slot, events) like any worker, but it
 * never heartbeats and none of its timers fire, so once its parked step is abandoned it never writes again —
 * a crashed process, without a process. The returned promise never settles (and is never awaited).
 */
export function deliverToDoomedWorker(ctx: ServiceContext, task: { runId: string; tenantId: string }): void {
  const doomed: ServiceContext = {
    ...ctx,
    pipelines: { ...ctx.pipelines, clock: frozenClock },
    execution: { ...ctx.execution, workerId: 'doomed-worker', heartbeatMs: 2 ** 31 - 1 },
  };
  executeRun(doomed, task.runId, task.tenantId, { actor: 'test:doomed-worker' }).catch(() => undefined);
}
