import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/Either';
import { finishedSteps, type ExistingRun, type RunState } from '../../domain/run/state';
import type { RunCommand, RunOutcome } from '../../domain/run/commands';
import { executePipeline, type PipelineDefinition, type PipelineRunResult, type StepLifecycle } from '../../pipelines';
import { backoffDelayMs } from '../../pipelines/executor/backoff';
import { CENTRAL_DATASET } from '../../warehouse/tables';
import type { KnownAggregate } from '../decide-and-append';
import { DomainRefusal } from '../domain-refusal';
import type { Actor, ServiceContext } from '../service-context';
import { dispatchRun } from './dispatch-run';
import { gateWrites, readGate, releaseWrites } from './gate';
import { handleRunCommand } from './handle-run-command';
import { startHeartbeat } from './heartbeat';
import { eventDetails } from './step-event-details';
import { ExecutionDetached, type TrackedExecution } from './executions-in-flight';
import { releaseLease } from './release-lease';

export interface ExecutionReport {
  readonly runId: string;
  readonly status: string;
  /**
   * False when this delivery did nothing: the run was finished, or is executing under another live lease.
   * `status: 'interrupted'` means shutdown detached this delivery: the run is left resumable, its lease given back.
   */
  readonly executed: boolean;
}

/**
 * One delivery of a run's task. Idempotent: a finished run answers its status; a run executing under a live
 * lease is acknowledged; otherwise the gate decides (in one commit with RunStarted: slot + usage counters) and
 * the pipeline runs under a heartbeat, each step recorded, resuming after the steps an earlier worker finished.
 * After the start, each command decides from the state this execution's previous commit left (`known`): the
 * stream is read once per delivery, and again only when someone else (a cancel, a takeover) appended meanwhile.
 */
export async function executeRun(
  ctx: ServiceContext,
  runId: string,
  tenantId: string,
  actor: Actor,
): Promise<ExecutionReport> {
  const { leaseMs, deferBaseMs } = ctx.execution;
  // Each delivery holds the lease under its own id: two deliveries in one process must not mistake each other's lease.
  const workerId = `${ctx.execution.workerId}/${randomUUID().slice(0, 8)}`;
  const start = await handleRunCommand(
    ctx,
    runId,
    tenantId,
    async (state) => {
      const snapshot = await readGate(ctx, tenantId);
      const slot = snapshot.slots[runId];
      const deferrals = state.exists ? state.deferrals : 0;
      const deferUntil = new Date(snapshot.nowMs + Math.min(deferBaseMs * 2 ** deferrals, 15 * 60_000));
      return {
        command: {
          type: 'StartRun',
          data: {
            gate: snapshot.facts,
            workerId,
            leaseLive: slot !== undefined && slot.workerId !== workerId,
            deferUntil: deferUntil.toISOString(),
            now: new Date(snapshot.nowMs).toISOString(),
          },
        },
        extraWrites: (events) => gateWrites(tenantId, snapshot, events, runId, workerId, leaseMs),
      };
    },
    actor,
  );
  const state = start.state as ExistingRun;
  const decided = start.events[0];
  const known: KnownRun = { current: { state: start.state, head: start.head } };
  if (decided?.type === 'RunDeferred') {
    await dispatchRun(ctx, runId, tenantId, new Date(decided.data.retryAt), actor);
    return { runId, status: 'deferred', executed: false };
  }
  if (decided?.type !== 'RunStarted') return { runId, status: state.status, executed: false };

  const outcome = await runPipeline(ctx, state, workerId, actor, known);
  if (outcome === INTERRUPTED) {
    await releaseLease(ctx, tenantId, runId, workerId);
    return { runId, status: 'interrupted', executed: true };
  }
  const finishRun: RunCommand = { type: 'FinishRun', data: { workerId, outcome, now: ctx.now().toISOString() } };
  const finishWith = (command: RunCommand | readonly RunCommand[]) =>
    handleRunCommand(
      ctx,
      runId,
      tenantId,
      async () => ({ command, extraWrites: (events) => releaseWrites(tenantId, events, runId, state.usage?.day) }),
      actor,
      known.current,
    );
  let finish;
  try {
    const lastStep = known.lastStepReport;
    // The last step's report rides in the finish's commit; if that is refused, the run's finish is decided alone
    // (a report refused on its own would have ended the execution the same way).
    finish = lastStep
      ? await finishWith([lastStep, finishRun]).catch((error: unknown) =>
          error instanceof DomainRefusal ? finishWith(finishRun) : Promise.reject(error),
        )
      : await finishWith(finishRun);
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

/**
 * The run as this execution's last commit left it, updated by each step it records; and the report that settles
 * the pipeline's last step, held back to be committed with the run's finish, which follows at once.
 */
type KnownRun = { current: KnownAggregate<RunState>; lastStepReport?: RunCommand };

const SETTLED = new Set(['succeeded', 'failed', 'skipped']);

/** Shutdown detached the execution: nothing more is recorded, the run's finish is left to the next delivery. */
const INTERRUPTED = 'interrupted';

async function runPipeline(
  ctx: ServiceContext,
  run: ExistingRun,
  workerId: string,
  actor: Actor,
  known: KnownRun,
): Promise<RunOutcome | typeof INTERRUPTED> {
  const request = run.request;
  if (!request) return { status: 'failed', code: 'RUN_INVALID', message: 'the run has no request', retryAt: null };
  const loaded = await ctx.catalog.load({
    provider: request.pipeline.provider,
    domain: request.pipeline.domain,
    name: request.pipeline.template,
  });
  if (E.isLeft(loaded))
    return {
      status: 'failed',
      code: 'PIPELINE_INVALID',
      message: loaded.left
        .map((issue) => issue.message)
        .join('; ')
        .slice(0, 1000),
      retryAt: null,
    };
  const pipeline = loaded.right;

  const abort = new AbortController();
  const stopHeartbeat = startHeartbeat(ctx, run.tenantId, run.runId, workerId, abort);
  const tracked = ctx.execution.inFlight?.track({ runId: run.runId, tenantId: run.tenantId, workerId, stopHeartbeat });
  const lastAttempt = Object.fromEntries(
    Object.entries(run.steps)
      .filter(([, s]) => s.status === 'running')
      .map(([id, s]) => [id, s.attempt]),
  );
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
        resume: { finished: finishedSteps(run), lastAttempt },
        signal: abort.signal,
      },
      {
        ...ctx.pipelines,
        warehouse: ctx.warehouse,
        lifecycle: runLifecycle(ctx, run, pipeline, { workerId, actor, abort, known, tracked }),
      },
    );
  } catch (error) {
    if (tracked?.detached()) return INTERRUPTED;
    // A step that could not be recorded: stop here; the next delivery resumes from what was recorded.
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'failed', code: 'LIFECYCLE_FAILED', message, retryAt: retryAt(ctx, pipeline.retry, run.attempt) };
  } finally {
    stopHeartbeat();
    tracked?.untrack();
  }
  // Detached while its last step ended: that step's report is held back, so the next delivery settles it.
  if (tracked?.detached()) return INTERRUPTED;
  if (result.status === 'succeeded') return { status: 'succeeded' };
  const code = result.error?.code ?? 'FAILED';
  const message = result.error?.message ?? `the run ended ${result.status}`;
  if (result.status === 'cancelled') return { status: 'failed', code: 'CANCELLED', message, retryAt: null };
  return {
    status: result.status === 'timed_out' ? 'timed_out' : 'failed',
    code,
    message,
    retryAt: retryAt(ctx, pipeline.retry, run.attempt),
  };
}

function retryAt(
  ctx: ServiceContext,
  policy: { attempts: number; backoff: Parameters<typeof backoffDelayMs>[1] },
  attempt: number,
): string | null {
  if (attempt >= policy.attempts) return null;
  return new Date(ctx.now().getTime() + backoffDelayMs(attempt, policy.backoff)).toISOString();
}

/** Step reports become run events; a refused report (the run was cancelled or taken over) stops the execution. */
interface ExecutionHandles {
  readonly workerId: string;
  readonly actor: Actor;
  readonly abort: AbortController;
  readonly known: KnownRun;
  readonly tracked: TrackedExecution | undefined;
}

function runLifecycle(
  ctx: ServiceContext,
  run: ExistingRun,
  pipeline: PipelineDefinition,
  handles: ExecutionHandles,
): StepLifecycle {
  const { workerId, actor, abort, known, tracked } = handles;
  const record = async (command: RunCommand) => {
    // Detached by shutdown: no report (so no next step, no next BigQuery job) from this process any more.
    if (tracked?.detached()) throw new ExecutionDetached(run.runId);
    try {
      const result = await handleRunCommand(
        ctx,
        run.runId,
        run.tenantId,
        async () => ({ command }),
        actor,
        known.current,
      );
      known.current = { state: result.state, head: result.head };
    } catch (error) {
      if (error instanceof DomainRefusal) abort.abort(error);
      throw error;
    }
  };
  const steps = new Map(pipeline.steps.map((step) => [step.step_id, step] as const));
  /** Records a step's end, unless it settles the last unsettled step: that report waits for the run's finish. */
  const report = async (stepId: string, command: RunCommand) => {
    const recorded = known.current.state.exists ? known.current.state.steps : {};
    const settlesAll = pipeline.steps.every(
      (step) => step.step_id === stepId || SETTLED.has(recorded[step.step_id]?.status ?? ''),
    );
    if (settlesAll) known.lastStepReport = command;
    else await record(command);
  };
  return {
    stepStarted: (r) => {
      const step = steps.get(r.stepId);
      const labels = { ...(step ? { kind: step.ps_type } : {}), ...(step?.name ? { name: step.name } : {}) };
      return record({
        type: 'StartStep',
        data: { workerId, stepId: r.stepId, attempt: r.attempt, jobId: r.jobId, ...labels, now: r.startedAt },
      });
    },
    stepSucceeded: (r) => {
      const details = eventDetails(
        r.output.details,
        r.output.affectedRows === undefined ? {} : { affectedRows: r.output.affectedRows },
      );
      return report(r.stepId, {
        type: 'FinishStep',
        data: {
          workerId,
          stepId: r.stepId,
          attempt: r.attempt,
          outcome: { status: 'succeeded', details },
          now: r.finishedAt,
        },
      });
    },
    stepFailed: async (r) => {
      if (r.willRetry) return;
      const outcome = {
        status: 'failed' as const,
        code: r.error.code,
        message: r.error.message,
        details: eventDetails(r.details),
      };
      await report(r.stepId, {
        type: 'FinishStep',
        data: { workerId, stepId: r.stepId, attempt: r.attempt, outcome, now: r.finishedAt },
      });
    },
    stepSkipped: (r) =>
      report(r.stepId, {
        type: 'FinishStep',
        data: {
          workerId,
          stepId: r.stepId,
          attempt: 0,
          outcome: { status: 'skipped', reason: r.reason },
          now: ctx.now().toISOString(),
        },
      }),
  };
}
