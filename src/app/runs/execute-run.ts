import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/Either';
import type { RunOutcome } from '../../domain/run/commands';
import { finishedSteps, type ExistingRun } from '../../domain/run/state';
import { executePipeline, type PipelineDefinition, type PipelineRunResult } from '../../pipelines';
import { CENTRAL_DATASET } from '../../warehouse/tables';
import { DomainRefusal } from '../domain-refusal';
import type { Actor, ServiceContext } from '../service-context';
import { dispatchRun } from './dispatch-run';
import { pipelineOutcome, retryAt, runningAttempts, startCommand, unrunnable } from './execution-plan';
import { gateWrites, readGate } from './gate';
import { handleRunCommand } from './handle-run-command';
import { startHeartbeat } from './heartbeat';
import { releaseLease } from './release-lease';
import { RunRecorder } from './run-recorder';

export interface ExecutionReport {
  readonly runId: string;
  readonly status: string;
  /**
   * False when this delivery did nothing: the run was finished, or is executing under another live lease.
   * `status: 'interrupted'` means shutdown detached this delivery: the run is left resumable, its lease given back.
   */
  readonly executed: boolean;
}

/** Shutdown detached the execution: nothing more is recorded, the run's finish is left to the next delivery. */
const INTERRUPTED = 'interrupted';

/**
 * One delivery of a run's task. Idempotent: a finished run answers its status; a run executing under a live
 * lease is acknowledged; otherwise the gate decides (in one commit with RunStarted: slot + usage counters) and
 * the pipeline runs under a heartbeat, each step recorded, resuming after the steps an earlier worker finished.
 * The decisions are pure (execution-plan.ts); this is the sequence that carries them out.
 */
export async function executeRun(
  ctx: ServiceContext,
  runId: string,
  tenantId: string,
  actor: Actor,
): Promise<ExecutionReport> {
  // Each delivery holds the lease under its own id: two deliveries in one process must not mistake each other's lease.
  const workerId = `${ctx.execution.workerId}/${randomUUID().slice(0, 8)}`;

  // 1. The gate: start (or resume), defer, reject, or nothing to do.
  const start = await handleRunCommand(
    ctx,
    runId,
    tenantId,
    async (state) => {
      const gate = await readGate(ctx, tenantId);
      return {
        command: startCommand(state, gate, runId, workerId, ctx.execution.deferBaseMs),
        extraWrites: (events) => gateWrites(tenantId, gate, events, runId, workerId, ctx.execution.leaseMs),
      };
    },
    actor,
  );
  const decided = start.events[0];
  if (decided?.type === 'RunDeferred') {
    await dispatchRun(ctx, runId, tenantId, new Date(decided.data.retryAt), actor);
    return { runId, status: 'deferred', executed: false };
  }
  if (decided?.type !== 'RunStarted' || !start.state.exists)
    return { runId, status: start.state.exists ? start.state.status : 'unknown', executed: false };

  // 2. The pipeline, each step recorded as it goes.
  const run = start.state;
  const recorder = new RunRecorder(ctx, run, actor, { state: start.state, head: start.head });
  const outcome = await runPipeline(ctx, run, workerId, recorder);
  if (outcome === INTERRUPTED) {
    await releaseLease(ctx, tenantId, runId, workerId);
    return { runId, status: 'interrupted', executed: true };
  }

  // 3. The finish, and the retry's task when the attempt failed with attempts left.
  let finish;
  try {
    finish = await recorder.finish(workerId, outcome);
  } catch (error) {
    // Presumed dead and taken over meanwhile: the worker that holds the lease now finishes the run.
    if (error instanceof DomainRefusal && error.code === 'RUN_LEASE_LOST')
      return { runId, status: 'lease_lost', executed: true };
    throw error;
  }
  const retried = finish.events.find((e) => e.type === 'RunAttemptFailed');
  if (retried?.type === 'RunAttemptFailed')
    await dispatchRun(ctx, runId, tenantId, new Date(retried.data.retryAt), actor);
  return { runId, status: finish.state.exists ? finish.state.status : 'unknown', executed: true };
}

/** Loads the run's pipeline and executes it under a heartbeat; the outcome decides the run's finish. */
async function runPipeline(
  ctx: ServiceContext,
  run: ExistingRun,
  workerId: string,
  recorder: RunRecorder,
): Promise<RunOutcome | typeof INTERRUPTED> {
  const request = run.request;
  if (!request) return unrunnable('RUN_INVALID', 'the run has no request');
  const { provider, domain, template } = request.pipeline;
  const loaded = await ctx.catalog.load({ provider, domain, name: template });
  if (E.isLeft(loaded)) return unrunnable('PIPELINE_INVALID', loaded.left.map((issue) => issue.message).join('; '));
  const pipeline = loaded.right;

  const abort = new AbortController();
  const stopHeartbeat = startHeartbeat(ctx, run.tenantId, run.runId, workerId, abort);
  const tracked = ctx.execution.inFlight?.track({ runId: run.runId, tenantId: run.tenantId, workerId, stopHeartbeat });
  let result: PipelineRunResult;
  try {
    result = await executePipeline(
      {
        pipeline,
        run: {
          pipelineId: pipeline.pipeline_id,
          runId: run.runId,
          projectId: ctx.projectId,
          centralDataset: CENTRAL_DATASET,
          scheduledTime: request.scheduledTime,
          tenantId: run.tenantId,
          ...(request.date ? { date: request.date } : {}),
          parameters: request.parameters,
        },
        resume: { finished: finishedSteps(run), lastAttempt: runningAttempts(run) },
        signal: abort.signal,
      },
      {
        ...ctx.pipelines,
        warehouse: ctx.warehouse,
        lifecycle: recorder.lifecycle(pipeline, workerId, abort, tracked),
      },
    );
  } catch (error) {
    if (tracked?.detached()) return INTERRUPTED;
    // A step that could not be recorded: stop here; the next delivery resumes from what was recorded.
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'failed', code: 'LIFECYCLE_FAILED', message, retryAt: retryOf(ctx, pipeline, run) };
  } finally {
    stopHeartbeat();
    tracked?.untrack();
  }
  // Detached while its last step ended: that step's report is held back, so the next delivery settles it.
  if (tracked?.detached()) return INTERRUPTED;
  return pipelineOutcome(result, retryOf(ctx, pipeline, run));
}

const retryOf = (ctx: ServiceContext, pipeline: PipelineDefinition, run: ExistingRun) =>
  retryAt(pipeline.retry, run.attempt, ctx.now());
