import type { PipelineRef, RunEvent } from '../../domain/run/events';
import { evolveRun, initialRunState, type ExistingRun } from '../../domain/run/state';
import type { RecordedOf } from '../../eventstore';
import { runStreamId } from '../../domain/streams';
import { backoffDelayMs } from '../../pipelines/executor/backoff';
import { dispatchRun } from '../runs/dispatch-run';
import { readGate, releaseWrites } from '../runs/gate';
import { handleRunCommand, runDecider } from '../runs/handle-run-command';
import type { Actor, ServiceContext } from '../service-context';
import { RunMovedOn } from './errors';
import type { PipelineLimits } from './pipeline-limits';

/** Recorded generations count dispatches (one per deferral or retry) and stay far below this. */
export const RECOVERY_GENERATION_BASE = 1_000_000;

/** What a sweep did with a running run whose worker holds no live lease. */
export type Recovery = 'resumed' | 'timed_out' | 'retried' | 'none';

/**
 * A running run without a live slot lost its worker. Within the pipeline's timeout (counted from the start
 * of the current attempt, not from a resume) it gets a task again: its delivery takes the run over through
 * the gate and resumes after the finished steps. Past the timeout the attempt ends timed out, with a retry
 * when the pipeline's policy has attempts left, and the dead worker's slot is dropped in the same commit.
 */
export async function recoverRunningRun(
  ctx: ServiceContext,
  runId: string,
  limitsOf: (ref: PipelineRef) => Promise<PipelineLimits>,
  actor: Actor,
): Promise<Recovery> {
  const read = await ctx.store.readStreamOf<RunEvent>(runStreamId(runId), runDecider.eventTypes);
  const { events } = read;
  const state = events.reduce<ReturnType<typeof evolveRun>>(evolveRun, initialRunState);
  if (!state.exists || state.status !== 'running' || !state.request) return 'none';
  const limits = await limitsOf(state.request.pipeline);
  const now = ctx.now();
  if (now.getTime() - attemptStartedAt(state, events) < limits.timeoutMs) {
    // No event can record this dispatch: MarkQueued refuses a running run (and RunQueued would make it queued,
    // losing the resume). So the task's generation is derived from the stream revision, in a range recorded
    // generations never reach: every sweep that finds the run stuck at this revision names the same task (the
    // queue de-duplicates), and the resumed start moves the revision on for a later recovery.
    const generation = RECOVERY_GENERATION_BASE + read.head.revision;
    const { created } = await ctx.execution.dispatcher.dispatchRun({ runId, tenantId: state.tenantId, generation });
    return created ? 'resumed' : 'none';
  }
  return timeOut(ctx, state, limits, actor);
}

/** The attempt's first start: a resumed start keeps the attempt (and its clock) going. */
function attemptStartedAt(state: ExistingRun, events: readonly RecordedOf<RunEvent>[]): number {
  const start = [...events].reverse().find((e) => e.type === 'RunStarted' && !e.data.resumed);
  return Date.parse(
    start?.type === 'RunStarted' ? start.data.startedAt : (state.startedAt ?? new Date(0).toISOString()),
  );
}

async function timeOut(
  ctx: ServiceContext,
  seen: ExistingRun,
  limits: PipelineLimits,
  actor: Actor,
): Promise<Recovery> {
  const { runId, tenantId } = seen;
  let result;
  try {
    result = await handleRunCommand(
      ctx,
      runId,
      tenantId,
      async (state) => {
        if (!state.exists || state.status !== 'running' || state.attempt !== seen.attempt) throw new RunMovedOn(runId);
        const snapshot = await readGate(ctx, tenantId);
        // A delivery took the run over since it was examined: it is alive again.
        if (snapshot.slots[runId]) throw new RunMovedOn(runId);
        const now = new Date(snapshot.nowMs);
        const retryAt =
          state.attempt < limits.retry.attempts
            ? new Date(snapshot.nowMs + backoffDelayMs(state.attempt, limits.retry.backoff)).toISOString()
            : null;
        const message = `the worker stopped and the pipeline timeout of ${Math.round(limits.timeoutMs / 60_000)} min elapsed`;
        return {
          command: {
            type: 'FinishRun',
            data: {
              workerId: null,
              outcome: { status: 'timed_out', code: 'PIPELINE_TIMEOUT', message, retryAt },
              now: now.toISOString(),
            },
          },
          // The dead worker's expired slot goes with the release.
          extraWrites: (decided) => releaseWrites(tenantId, decided, runId, state.usage?.day),
        };
      },
      actor,
    );
  } catch (error) {
    if (error instanceof RunMovedOn) return 'none';
    throw error;
  }
  const retried = result.events.find((e) => e.type === 'RunAttemptFailed');
  if (retried?.type === 'RunAttemptFailed') {
    await dispatchRun(ctx, runId, tenantId, new Date(retried.data.retryAt), actor);
    return 'retried';
  }
  return result.events.some((e) => e.type === 'RunTimedOut') ? 'timed_out' : 'none';
}
