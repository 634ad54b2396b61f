import type { RecordedEvent } from '../../eventstore';
import type { Row } from '../../warehouse/warehouse';
import { tenantPipelineExecutionQueue } from '../../warehouse/tables/central/tenant-pipeline-execution-queue';
import type { StreamProjection } from '../projection';
import { isRunStream, nullableTimestamp, runEventOf, timestamp } from './domain-events';
import { foldRows } from './fold-rows';

type QueueStatus = 'PENDING' | 'QUEUED' | 'DEFERRED' | 'DEQUEUED';

interface QueueEntry {
  readonly tenantId: string;
  readonly runId: string;
  readonly pipelineId: string;
  readonly trigger: 'SCHEDULED' | 'MANUAL';
  readonly priority: number;
  readonly status: QueueStatus;
  readonly enqueuedAt: string;
  readonly availableAt: string | null;
  readonly dispatches: number;
  readonly deferrals: number;
  readonly deferralReason: string | null;
  readonly taskName: string | null;
  readonly dequeued: { readonly at: string; readonly reason: 'STARTED' | 'REJECTED' | 'CANCELLED' } | null;
}

const dequeue = (entry: QueueEntry, at: string, reason: 'STARTED' | 'REJECTED' | 'CANCELLED'): QueueEntry =>
  // Only a waiting run leaves the queue: a start resumed by another worker, or a run cancelled while it runs, changes nothing here.
  entry.status === 'DEQUEUED' ? entry : { ...entry, status: 'DEQUEUED', availableAt: null, dequeued: { at, reason } };

/**
 * A run enters the queue when requested (PENDING until a task exists), is QUEUED by each dispatch, DEFERRED by
 * the concurrency gate, and leaves it when it starts, is rejected or cancelled; a failed attempt with a retry
 * puts it back (PENDING until re-dispatched). Missed and skipped fire times never queue: no row.
 */
function evolve(entry: QueueEntry | undefined, recorded: RecordedEvent): QueueEntry | undefined {
  const event = runEventOf(recorded);
  if (event?.type === 'RunRequested') {
    const d = event.data;
    return {
      tenantId: recorded.tenantId,
      runId: d.runId,
      pipelineId: d.pipelineId,
      trigger: d.trigger === 'schedule' ? 'SCHEDULED' : 'MANUAL',
      priority: d.priority,
      status: 'PENDING',
      enqueuedAt: d.requestedAt,
      availableAt: null,
      dispatches: 0,
      deferrals: 0,
      deferralReason: null,
      taskName: null,
      dequeued: null,
    };
  }
  if (!entry) return entry;
  switch (event?.type) {
    case 'RunQueued':
      return {
        ...entry,
        status: 'QUEUED',
        dispatches: event.data.generation,
        taskName: event.data.taskName,
        availableAt: event.data.notBefore,
      };
    case 'RunDeferred': {
      const { running, limit, deferrals, retryAt } = event.data;
      return {
        ...entry,
        status: 'DEFERRED',
        deferrals,
        deferralReason: `concurrency limit of ${limit} reached (${running} running)`,
        availableAt: retryAt,
        dequeued: null,
      };
    }
    case 'RunStarted':
      return dequeue(entry, event.data.startedAt, 'STARTED');
    case 'RunRejected':
      return dequeue(entry, event.data.rejectedAt, 'REJECTED');
    case 'RunCancelled':
      return dequeue(entry, event.data.cancelledAt, 'CANCELLED');
    case 'RunAttemptFailed':
      return { ...entry, status: 'PENDING', availableAt: event.data.retryAt, dequeued: null };
    default:
      return entry;
  }
}

function* view(entry: QueueEntry | undefined): Iterable<readonly [string, Row]> {
  if (!entry) return;
  yield [
    entry.runId,
    {
      tenant_id: entry.tenantId,
      run_id: entry.runId,
      pipeline_id: entry.pipelineId,
      trigger_type: entry.trigger,
      priority: entry.priority,
      queue_status: entry.status,
      enqueued_at: timestamp(entry.enqueuedAt),
      available_at: nullableTimestamp(entry.availableAt),
      dispatch_attempts: entry.dispatches,
      deferral_count: entry.deferrals,
      last_deferral_reason: entry.deferralReason,
      task_name: entry.taskName,
      dequeued_at: nullableTimestamp(entry.dequeued?.at),
      dequeue_reason: entry.dequeued?.reason ?? null,
    },
  ];
}

/** tenant_pipeline_execution_queue: one row per requested run, its place in the dispatch queue. */
export const tenantPipelineExecutionQueueProjection: StreamProjection = {
  kind: 'stream',
  table: tenantPipelineExecutionQueue,
  accepts: isRunStream,
  rows: (events) => foldRows<QueueEntry | undefined>(events, undefined, evolve, view),
};
