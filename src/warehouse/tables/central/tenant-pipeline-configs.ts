import type { TableDefinition } from '../../warehouse';
import { PROJECTION_VERSION_COLUMN, derivedProjectionColumns, nullable, required, tenantIdColumn } from '../columns';

/**
 * Derived: the schedule's settings come from the tenant's events (via tenant_event_log), its last fire and run
 * from tenant_scheduled_pipeline_runs and tenant_pipeline_runs. next_run_at is what the events determine —
 * the first fire time after the later of the last settings change and the last fire time handled — never
 * the projector's clock. A deleted schedule keeps its row (MERGE never deletes), inactive, with deleted_at.
 */
export const tenantPipelineConfigs: TableDefinition = {
  name: 'tenant_pipeline_configs',
  description:
    'One row per pipeline schedule of a tenant: which pipeline, cron, timezone, policies, and its next and last run.',
  columns: [
    tenantIdColumn,
    required('schedule_id', 'STRING', 'Identifier of the schedule (its config id).'),
    required('pipeline_id', 'STRING', 'Pipeline path `{provider}/{domain}/{name}`.'),
    required('cron', 'STRING', 'Cron expression.'),
    required('timezone', 'STRING', 'IANA timezone the cron is evaluated in.'),
    required(
      'active',
      'BOOL',
      "The schedule's own active flag (false once deleted). A suspended or offboarded tenant's schedules do not fire either: their next_run_at is NULL.",
    ),
    required('priority', 'INT64', 'Dispatch priority (higher first).'),
    required('overlap_policy', 'STRING', 'skip | buffer_one | allow | cancel_other.'),
    required('catch_up_window_minutes', 'INT64', 'Missed fire times older than this are recorded as missed, not run.'),
    nullable('parameters', 'JSON', 'Pipeline parameters the schedule passes to each run.'),
    nullable(
      'next_run_at',
      'TIMESTAMP',
      'Next fire time: the first after the later of the last settings change and the last fire time handled; NULL when the schedule cannot fire.',
    ),
    nullable('last_fire_at', 'TIMESTAMP', 'Last fire time the trigger handled (requested, missed or skipped).'),
    nullable('last_run_at', 'TIMESTAMP', 'Scheduled time of the last requested run.'),
    nullable('last_run_id', 'STRING', 'Run id of the last requested run.'),
    nullable('last_run_status', 'STRING', 'Status of that run as last projected (as in tenant_pipeline_runs).'),
    required('created_at', 'TIMESTAMP', 'When the schedule was first created. Partition column.'),
    nullable('deleted_at', 'TIMESTAMP', 'When the schedule was deleted; NULL while it exists.'),
    ...derivedProjectionColumns(
      'the revision of the last tenant event about the schedule plus the source_revision of every run of the schedule (missed and skipped fire times count 1)',
    ),
  ],
  partitionBy: { column: 'created_at' },
  clusterBy: ['tenant_id', 'pipeline_id'],
  keyColumns: ['tenant_id', 'schedule_id'],
  versionColumn: PROJECTION_VERSION_COLUMN,
};
