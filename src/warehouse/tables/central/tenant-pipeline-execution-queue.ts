import type { TableDefinition } from '../../warehouse';
import { PROJECTION_VERSION_COLUMN, nullable, projectionColumns, required, tenantIdColumn } from '../columns';

/** Rows are never deleted (MERGE upserts only): a run that leaves the queue is marked DEQUEUED with the time. */
export const tenantPipelineExecutionQueue: TableDefinition = {
  name: 'tenant_pipeline_execution_queue',
  description: 'One row per run that waited for dispatch or for a concurrency slot; queue_status says whether it still waits.',
  columns: [
    tenantIdColumn,
    required('run_id', 'STRING', 'The queued run.'),
    required('pipeline_id', 'STRING', 'Pipeline of the run.'),
    required('trigger_type', 'STRING', 'SCHEDULED | MANUAL.'),
    required('priority', 'INT64', 'Dispatch priority (higher first).'),
    required('queue_status', 'STRING', 'PENDING_DISPATCH | DISPATCHED | DEFERRED | DEQUEUED.'),
    required('enqueued_at', 'TIMESTAMP', 'When the run entered the queue. Partition column.'),
    nullable('available_at', 'TIMESTAMP', 'Earliest re-dispatch time of a deferred run.'),
    required('dispatch_attempts', 'INT64', 'Cloud Tasks dispatches so far.'),
    required('deferral_count', 'INT64', 'Times the concurrency gate deferred it.'),
    nullable('last_deferral_reason', 'STRING', 'Why it was last deferred.'),
    nullable('task_name', 'STRING', 'Cloud Task name (deterministic from the run id).'),
    nullable('dequeued_at', 'TIMESTAMP', 'When it left the queue (started, rejected or cancelled).'),
    ...projectionColumns(),
  ],
  partitionBy: { column: 'enqueued_at' },
  clusterBy: ['tenant_id', 'queue_status'],
  keyColumns: ['tenant_id', 'run_id'],
  versionColumn: PROJECTION_VERSION_COLUMN,
};
