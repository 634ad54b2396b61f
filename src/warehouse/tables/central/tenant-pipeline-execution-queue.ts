import type { TableDefinition } from '../../warehouse';
import { PROJECTION_VERSION_COLUMN, nullable, projectionColumns, required, tenantIdColumn } from '../columns';

/** Rows are never deleted (MERGE upserts only): a run that leaves the queue is marked DEQUEUED with the time. */
export const tenantPipelineExecutionQueue: TableDefinition = {
  name: 'tenant_pipeline_execution_queue',
  description:
    'One row per run that waited for dispatch or for a concurrency slot; queue_status says whether it still waits.',
  columns: [
    tenantIdColumn,
    required('run_id', 'STRING', 'The queued run.'),
    required('pipeline_id', 'STRING', 'pipeline_id of the run (as in tenant_pipeline_runs).'),
    required('trigger_type', 'STRING', 'SCHEDULED | MANUAL.'),
    required('priority', 'INT64', 'Dispatch priority (higher first).'),
    required(
      'queue_status',
      'STRING',
      'PENDING (requested, or failed and awaiting its retry, with no task yet) | QUEUED (a task is dispatched) | DEFERRED (the concurrency gate sent it back) | DEQUEUED.',
    ),
    required('enqueued_at', 'TIMESTAMP', 'When the run entered the queue. Partition column.'),
    nullable('available_at', 'TIMESTAMP', 'Earliest re-dispatch time of a deferred run.'),
    required('dispatch_attempts', 'INT64', 'Cloud Tasks dispatches recorded so far (RunQueued generations).'),
    required('deferral_count', 'INT64', 'Times the concurrency gate deferred it.'),
    nullable('last_deferral_reason', 'STRING', 'Why it was last deferred.'),
    nullable(
      'task_name',
      'STRING',
      'Cloud Task name of the last dispatch (deterministic from the run id and generation).',
    ),
    nullable('dequeued_at', 'TIMESTAMP', 'When it left the queue (started, rejected or cancelled).'),
    nullable('dequeue_reason', 'STRING', 'STARTED | REJECTED | CANCELLED.'),
    ...projectionColumns(),
  ],
  partitionBy: { column: 'enqueued_at' },
  clusterBy: ['tenant_id', 'queue_status'],
  keyColumns: ['tenant_id', 'run_id'],
  versionColumn: PROJECTION_VERSION_COLUMN,
};
