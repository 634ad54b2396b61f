import type { TableDefinition } from '../../warehouse';
import { PROJECTION_VERSION_COLUMN, nullable, projectionColumns, required, tenantIdColumn } from '../columns';

export const tenantPipelineRuns: TableDefinition = {
  name: 'tenant_pipeline_runs',
  description: 'One row per pipeline run: trigger, lifecycle timestamps, final status, duration and step counts.',
  columns: [
    tenantIdColumn,
    required('run_id', 'STRING', 'Run id (names the `run-{run_id}` stream).'),
    required(
      'pipeline_id',
      'STRING',
      'pipeline_id of the pipeline YAML (its template name for a missed or skipped fire time, or when the pipeline did not load).',
    ),
    nullable(
      'pipeline_version',
      'STRING',
      'Version declared in the pipeline YAML. Run events do not record it yet: NULL.',
    ),
    nullable('schedule_id', 'STRING', 'Schedule that requested it; NULL for manual runs.'),
    required('trigger_type', 'STRING', 'SCHEDULED | MANUAL.'),
    nullable(
      'triggered_by',
      'STRING',
      'Authenticated actor of a manual run (`admin`, `key:<keyId>`) or `scheduler`; never the asserted X-User-ID.',
    ),
    required(
      'status',
      'STRING',
      'REQUESTED | QUEUED | DEFERRED | RUNNING | SUCCEEDED | FAILED | CANCELLED | TIMED_OUT | REJECTED | MISSED | SKIPPED (a run awaiting its retry is REQUESTED again).',
    ),
    nullable('status_reason', 'STRING', 'Why the run is in that status (quota rejection, failure summary, …).'),
    nullable(
      'scheduled_time',
      'TIMESTAMP',
      'Fire time for scheduled runs (and missed or skipped fire times); NULL for manual runs.',
    ),
    required('requested_at', 'TIMESTAMP', 'When the run was requested. Partition column.'),
    nullable('started_at', 'TIMESTAMP', 'When execution first started.'),
    nullable('finished_at', 'TIMESTAMP', 'When it reached a final status.'),
    nullable('duration_ms', 'INT64', 'finished_at - started_at in milliseconds.'),
    required(
      'steps_total',
      'INT64',
      'Steps of the current attempt recorded so far (started or skipped); steps a stopped run never reached are not counted.',
    ),
    required('steps_succeeded', 'INT64', 'Steps that succeeded.'),
    required('steps_failed', 'INT64', 'Steps that failed (after their retries).'),
    required('steps_skipped', 'INT64', 'Steps not run because an earlier level failed.'),
    nullable('parameters', 'JSON', 'Parameters the run was given.'),
    nullable(
      'error_message',
      'STRING',
      'First failure recorded in the run: a failed step, attempt or run (never secrets).',
    ),
    nullable('correlation_id', 'STRING', 'Correlation id of the request that created the run.'),
    required(
      'attempts',
      'INT64',
      'Execution attempts started (pipeline-level retries; a resumed attempt is the same one).',
    ),
    nullable(
      'usage_date',
      'DATE',
      'Tenant-local usage day the run was counted on (RunStarted.usageDay of its first start); NULL until it starts.',
    ),
    ...projectionColumns(),
  ],
  partitionBy: { column: 'requested_at' },
  clusterBy: ['tenant_id', 'pipeline_id', 'status'],
  keyColumns: ['tenant_id', 'run_id'],
  versionColumn: PROJECTION_VERSION_COLUMN,
};
