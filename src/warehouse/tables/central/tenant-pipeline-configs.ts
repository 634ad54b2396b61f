import type { TableDefinition } from '../../warehouse';
import { PROJECTION_VERSION_COLUMN, nullable, projectionColumns, required, tenantIdColumn } from '../columns';

export const tenantPipelineConfigs: TableDefinition = {
  name: 'tenant_pipeline_configs',
  description: 'One row per pipeline schedule of a tenant: which pipeline, cron, timezone, policies, and its next and last run.',
  columns: [
    tenantIdColumn,
    required('schedule_id', 'STRING', 'Identifier of the schedule.'),
    required('pipeline_id', 'STRING', 'Pipeline path `{provider}/{domain}/{name}`.'),
    required('cron', 'STRING', 'Cron expression.'),
    required('timezone', 'STRING', 'IANA timezone the cron is evaluated in.'),
    required('active', 'BOOL', 'Whether the schedule fires.'),
    required('priority', 'INT64', 'Dispatch priority (higher first).'),
    required('overlap_policy', 'STRING', 'skip | buffer_one | allow | cancel_other.'),
    required('catch_up_window_minutes', 'INT64', 'Missed fire times older than this are recorded as missed, not run.'),
    nullable('parameters', 'JSON', 'Pipeline parameters the schedule passes to each run.'),
    nullable('next_run_at', 'TIMESTAMP', 'Next fire time; NULL when inactive.'),
    nullable('last_run_at', 'TIMESTAMP', 'Scheduled time of the last requested run.'),
    nullable('last_run_id', 'STRING', 'Run id of the last requested run.'),
    nullable('last_run_status', 'STRING', 'Status of that run as last projected.'),
    required('created_at', 'TIMESTAMP', 'When the schedule was created. Partition column.'),
    ...projectionColumns(),
  ],
  partitionBy: { column: 'created_at' },
  clusterBy: ['tenant_id', 'pipeline_id'],
  keyColumns: ['tenant_id', 'schedule_id'],
  versionColumn: PROJECTION_VERSION_COLUMN,
};
