import type { RecordedEvent } from '../../eventstore';
import type { Row } from '../../warehouse/warehouse';
import { tenantStepLogs } from '../../warehouse/tables/central/tenant-step-logs';
import type { StreamProjection } from '../projection';
import { isRunStream, millisBetween, runEventOf, timestamp } from './domain-events';
import { foldRows } from './fold-rows';

type StepStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED' | 'TIMED_OUT' | 'CANCELLED';

interface Attempt {
  readonly stepId: string;
  readonly runAttempt: number;
  readonly attempt: number;
  readonly kind: string | null;
  readonly name: string | null;
  readonly status: StepStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly jobId: string | null;
  readonly rowsAffected: number | null;
  readonly bytesProcessed: number | null;
  readonly error: { readonly code: string | null; readonly message: string } | null;
}

interface StepLog {
  readonly tenantId: string;
  readonly runId: string;
  readonly pipelineId: string | null;
  readonly attempts: ReadonlyMap<string, Attempt>;
}

const keyOf = (runAttempt: number, stepId: string, attempt: number): string =>
  `${runAttempt}\u0000${stepId}\u0000${attempt}`;

/** A failed step's code says how it ended: timeouts and cancellation are not plain failures. */
const failedStatus = (code: string): StepStatus =>
  code === 'STEP_TIMEOUT' || code === 'PIPELINE_TIMEOUT' ? 'TIMED_OUT' : code === 'CANCELLED' ? 'CANCELLED' : 'FAILED';

const count = (value: unknown): number | null =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;

function detailCount(details: unknown, name: string): number | null {
  return typeof details === 'object' && details !== null ? count((details as Record<string, unknown>)[name]) : null;
}

function update(log: StepLog, key: string, change: (attempt: Attempt) => Attempt): StepLog {
  const current = log.attempts.get(key);
  return current ? { ...log, attempts: new Map(log.attempts).set(key, change(current)) } : log;
}

/** Attempts still RUNNING when the run attempt ends end with it (a worker that stopped, a timeout, a cancellation). */
function endRunning(log: StepLog, status: StepStatus, at: string, code: string | null, message: string): StepLog {
  let next = log;
  for (const [key, attempt] of log.attempts) {
    if (attempt.status === 'RUNNING')
      next = update(next, key, (a) => ({ ...a, status, finishedAt: at, error: { code, message } }));
  }
  return next;
}

function evolve(log: StepLog, recorded: RecordedEvent): StepLog {
  const event = runEventOf(recorded);
  switch (event?.type) {
    case 'RunRequested':
      return { ...log, tenantId: recorded.tenantId, runId: event.data.runId, pipelineId: event.data.pipelineId };
    case 'StepStarted': {
      const d = event.data;
      let next = log;
      // A later attempt of the same step means the earlier one failed and was retried: that failure is not an event.
      for (const [key, a] of log.attempts) {
        if (a.status === 'RUNNING' && a.stepId === d.stepId && a.runAttempt === d.runAttempt && a.attempt < d.attempt) {
          next = update(next, key, (x) => ({
            ...x,
            status: 'FAILED',
            error: { code: null, message: `retried as attempt ${d.attempt}` },
          }));
        }
      }
      const started: Attempt = {
        stepId: d.stepId,
        runAttempt: d.runAttempt,
        attempt: d.attempt,
        kind: d.kind ?? null,
        name: d.name ?? null,
        status: 'RUNNING',
        startedAt: d.startedAt,
        finishedAt: null,
        jobId: d.jobId,
        rowsAffected: null,
        bytesProcessed: null,
        error: null,
      };
      return { ...next, attempts: new Map(next.attempts).set(keyOf(d.runAttempt, d.stepId, d.attempt), started) };
    }
    case 'StepSucceeded': {
      const d = event.data;
      return update(log, keyOf(d.runAttempt, d.stepId, d.attempt), (a) => ({
        ...a,
        status: 'SUCCEEDED',
        finishedAt: d.finishedAt,
        rowsAffected: detailCount(d.details, 'affectedRows'),
        bytesProcessed: detailCount(d.details, 'bytesProcessed'),
        error: null,
      }));
    }
    case 'StepFailed': {
      const d = event.data;
      return update(log, keyOf(d.runAttempt, d.stepId, d.attempt), (a) => ({
        ...a,
        status: failedStatus(d.code),
        finishedAt: d.finishedAt,
        error: { code: d.code, message: d.message },
      }));
    }
    case 'StepSkipped': {
      const d = event.data;
      const skipped: Attempt = {
        stepId: d.stepId,
        runAttempt: d.runAttempt,
        attempt: 0,
        kind: null,
        name: null,
        status: 'SKIPPED',
        startedAt: d.finishedAt,
        finishedAt: d.finishedAt,
        jobId: null,
        rowsAffected: null,
        bytesProcessed: null,
        error: { code: null, message: d.reason },
      };
      return { ...log, attempts: new Map(log.attempts).set(keyOf(d.runAttempt, d.stepId, 0), skipped) };
    }
    case 'RunAttemptFailed':
      return endRunning(log, 'FAILED', event.data.failedAt, event.data.code, event.data.message);
    case 'RunFailed':
      return endRunning(log, 'FAILED', event.data.finishedAt, event.data.code, event.data.message);
    case 'RunTimedOut':
      return endRunning(log, 'TIMED_OUT', event.data.finishedAt, 'TIMED_OUT', event.data.message);
    case 'RunCancelled':
      return endRunning(log, 'CANCELLED', event.data.cancelledAt, 'CANCELLED', event.data.reason);
    default:
      return log;
  }
}

function* view(log: StepLog): Iterable<readonly [string, Row]> {
  for (const [key, a] of log.attempts) {
    const startedAt = timestamp(a.startedAt);
    const finishedAt = a.finishedAt === null ? null : timestamp(a.finishedAt);
    yield [
      key,
      {
        tenant_id: log.tenantId,
        run_id: log.runId,
        step_id: a.stepId,
        run_attempt: a.runAttempt,
        attempt: a.attempt,
        pipeline_id: log.pipelineId ?? 'unknown',
        step_name: a.name,
        ps_type: a.kind,
        status: a.status,
        started_at: startedAt,
        finished_at: finishedAt,
        duration_ms: finishedAt === null ? null : millisBetween(startedAt, finishedAt),
        bigquery_job_id: a.jobId,
        rows_affected: a.rowsAffected,
        bytes_processed: a.bytesProcessed,
        error_code: a.error?.code ?? null,
        error_message: a.error?.message ?? null,
      },
    ];
  }
}

/** tenant_step_logs: one row per step attempt (per run attempt) with its final state. */
export const tenantStepLogsProjection: StreamProjection = {
  kind: 'stream',
  table: tenantStepLogs,
  accepts: isRunStream,
  rows: (events) =>
    foldRows<StepLog>(events, { tenantId: '', runId: '', pipelineId: null, attempts: new Map() }, evolve, view),
};
