import type { TableDefinition } from '../../warehouse';
import { PROJECTION_VERSION_COLUMN, nullable, projectionColumns, required, tenantIdColumn } from '../columns';

export const tenantScheduledPipelineRuns: TableDefinition = {
  name: 'tenant_scheduled_pipeline_runs',
  description:
    'One row per schedule fire time the trigger handled: requested, missed (outside the catch-up window) or skipped by the overlap policy.',
  columns: [
    tenantIdColumn,
    required(
      'run_id',
      'STRING',
      'Run id derived from (tenant_id, schedule_id, fire time); also names the run stream, task and jobs.',
    ),
    required('schedule_id', 'STRING', 'Schedule that fired.'),
    required('pipeline_id', 'STRING', 'Pipeline path `{provider}/{domain}/{name}` the schedule runs.'),
    required('scheduled_time', 'TIMESTAMP', 'Fire time the run stands for. Partition column.'),
    required(
      'handled_at',
      'TIMESTAMP',
      'When the trigger handled the fire time (RunRequested.requestedAt, RunMissed/RunSkipped.recordedAt).',
    ),
    required(
      'outcome',
      'STRING',
      'REQUESTED | MISSED (older than the catch-up window) | SKIPPED (an open run blocked it under the overlap policy).',
    ),
    nullable('outcome_reason', 'STRING', 'Why the fire time was not run, when it was not.'),
    nullable('blocking_run_id', 'STRING', 'The open run that made a SKIPPED fire time skip.'),
    ...projectionColumns(),
  ],
  partitionBy: { column: 'scheduled_time' },
  clusterBy: ['tenant_id', 'schedule_id'],
  keyColumns: ['tenant_id', 'run_id'],
  versionColumn: PROJECTION_VERSION_COLUMN,
};
