import type { TableDefinition } from '../../warehouse';
import { PROJECTION_VERSION_COLUMN, nullable, projectionColumns, required, tenantIdColumn } from '../columns';

export const tenantScheduledPipelineRuns: TableDefinition = {
  name: 'tenant_scheduled_pipeline_runs',
  description: 'One row per schedule fire time the trigger handled: requested, missed (outside the catch-up window) or skipped by the overlap policy.',
  columns: [
    tenantIdColumn,
    required('run_id', 'STRING', 'Run id derived from (tenant_id, schedule_id, fire time); also names the run stream, task and jobs.'),
    required('schedule_id', 'STRING', 'Schedule that fired.'),
    required('pipeline_id', 'STRING', 'Pipeline the schedule runs.'),
    required('scheduled_time', 'TIMESTAMP', 'Fire time the run stands for. Partition column.'),
    nullable('tick_time', 'TIMESTAMP', 'Cloud Scheduler tick (X-CloudScheduler-ScheduleTime) that found it due.'),
    required('outcome', 'STRING', 'REQUESTED | MISSED | SKIPPED_OVERLAP | BUFFERED | CANCELLED_OTHER.'),
    nullable('outcome_reason', 'STRING', 'Why the fire time was not run, when it was not.'),
    ...projectionColumns(),
  ],
  partitionBy: { column: 'scheduled_time' },
  clusterBy: ['tenant_id', 'schedule_id'],
  keyColumns: ['tenant_id', 'run_id'],
  versionColumn: PROJECTION_VERSION_COLUMN,
};
