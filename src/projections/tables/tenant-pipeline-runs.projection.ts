import type { PipelineRef, RunEvent } from '../../domain/run/events';
import { evolveRun, initialRunState, type RunState } from '../../domain/run/state';
import type { RecordedEvent } from '../../eventstore';
import { redactSecrets } from '../../security';
import type { Row } from '../../warehouse/warehouse';
import { tenantPipelineRuns } from '../../warehouse/tables/central/tenant-pipeline-runs';
import type { StreamProjection } from '../projection';
import { isRunStream, millisBetween, nullableTimestamp, runEventOf, timestamp } from './domain-events';
import { foldRows } from './fold-rows';

/** What the row needs beyond the domain's run state (which keeps only what deciding needs). */
interface RunFacts {
  readonly run: RunState;
  readonly first: RecordedEvent | null;
  /** A missed or skipped fire time: the domain state keeps neither its pipeline nor its time. */
  readonly fire: {
    readonly pipeline: PipelineRef;
    readonly configId: string;
    readonly fireTime: string;
    readonly recordedAt: string;
  } | null;
  readonly usageDay: string | null;
  readonly finishedAt: string | null;
  readonly statusReason: string | null;
  readonly firstError: string | null;
}

const initial: RunFacts = {
  run: initialRunState,
  first: null,
  fire: null,
  usageDay: null,
  finishedAt: null,
  statusReason: null,
  firstError: null,
};

/** Status reason and finish time as of the event: each run-level event says why the run is where it is. */
function outcomeOf(event: RunEvent): Partial<Pick<RunFacts, 'statusReason' | 'finishedAt'>> {
  switch (event.type) {
    case 'RunMissed':
      return {
        statusReason: `fire time older than the catch-up window of ${event.data.catchupWindowMinutes} min`,
        finishedAt: event.data.recordedAt,
      };
    case 'RunSkipped':
      return {
        statusReason: `run ${event.data.blockingRunId} was still open (overlap policy)`,
        finishedAt: event.data.recordedAt,
      };
    case 'RunQueued':
    case 'RunStarted':
      return { statusReason: null };
    case 'RunDeferred':
      return {
        statusReason: `concurrency limit of ${event.data.limit} reached (${event.data.running} running); retry at ${event.data.retryAt}`,
      };
    case 'RunRejected':
      return { statusReason: `${event.data.code}: ${event.data.message}`, finishedAt: event.data.rejectedAt };
    case 'RunAttemptFailed':
      return {
        statusReason: `attempt ${event.data.attempt} failed (${event.data.code}); retry at ${event.data.retryAt}`,
      };
    case 'RunSucceeded':
      return { statusReason: null, finishedAt: event.data.finishedAt };
    case 'RunFailed':
      return { statusReason: `${event.data.code}: ${event.data.message}`, finishedAt: event.data.finishedAt };
    case 'RunTimedOut':
      return { statusReason: event.data.message, finishedAt: event.data.finishedAt };
    case 'RunCancelled':
      return { statusReason: event.data.reason, finishedAt: event.data.cancelledAt };
    default:
      return {};
  }
}

function failureOf(event: RunEvent): string | null {
  switch (event.type) {
    case 'StepFailed':
      return `step ${event.data.stepId}: ${event.data.message}`;
    case 'RunAttemptFailed':
    case 'RunFailed':
    case 'RunTimedOut':
      return event.data.message;
    default:
      return null;
  }
}

function evolve(facts: RunFacts, recorded: RecordedEvent): RunFacts {
  const event = runEventOf(recorded);
  if (!event) return facts;
  const fire =
    event.type === 'RunMissed' || event.type === 'RunSkipped'
      ? {
          pipeline: event.data.pipeline,
          configId: event.data.configId,
          fireTime: event.data.fireTime,
          recordedAt: event.data.recordedAt,
        }
      : facts.fire;
  // The day a run is counted on is its first start's: a retry started the next day is not counted again.
  const usageDay = facts.usageDay ?? (event.type === 'RunStarted' ? event.data.usageDay : null);
  return {
    ...facts,
    ...outcomeOf(event),
    run: evolveRun(facts.run, event),
    first: facts.first ?? recorded,
    fire,
    usageDay,
    firstError: facts.firstError ?? failureOf(event),
  };
}

function* view(facts: RunFacts): Iterable<readonly [string, Row]> {
  const run = facts.run;
  if (!run.exists || !facts.first) return;
  const request = run.request;
  const steps = Object.values(run.steps);
  const count = (status: string) => steps.filter((step) => step.status === status).length;
  const startedAt = nullableTimestamp(run.firstStartedAt);
  const finishedAt = nullableTimestamp(facts.finishedAt);
  const scheduled = request
    ? request.trigger === 'schedule'
      ? request.scheduledTime
      : null
    : (facts.fire?.fireTime ?? null);
  yield [
    run.runId,
    {
      tenant_id: run.tenantId,
      run_id: run.runId,
      pipeline_id: request?.pipelineId ?? facts.fire?.pipeline.template ?? 'unknown',
      pipeline_version: null,
      schedule_id: request
        ? request.trigger === 'schedule'
          ? request.configId
          : null
        : (facts.fire?.configId ?? null),
      trigger_type: request?.trigger === 'manual' ? 'MANUAL' : 'SCHEDULED',
      triggered_by: facts.first.meta.actor ?? null,
      status: run.status.toUpperCase(),
      status_reason: facts.statusReason,
      scheduled_time: nullableTimestamp(scheduled),
      requested_at: timestamp(request?.requestedAt ?? facts.fire?.recordedAt ?? facts.first.meta.occurredAt),
      started_at: startedAt,
      finished_at: finishedAt,
      duration_ms: startedAt && finishedAt ? millisBetween(startedAt, finishedAt) : null,
      steps_total: steps.length,
      steps_succeeded: count('succeeded'),
      steps_failed: count('failed'),
      steps_skipped: count('skipped'),
      parameters: request ? redactSecrets(request.parameters) : null,
      error_message: facts.firstError,
      correlation_id: facts.first.meta.correlationId ?? null,
      attempts: run.attempt,
      usage_date: facts.usageDay,
    },
  ];
}

/** tenant_pipeline_runs: one row per run stream (requested runs, and missed or skipped fire times). */
export const tenantPipelineRunsProjection: StreamProjection = {
  kind: 'stream',
  table: tenantPipelineRuns,
  accepts: isRunStream,
  rows: (events) => foldRows(events, initial, evolve, view),
};
