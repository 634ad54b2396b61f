import { nullable } from '../tables/columns';
import type { ColumnDefinition } from '../warehouse';
import { type ViewDefinition, centralTableName } from './view-definition';

export const TENANT_PIPELINE_EXECUTION_VIEW = 'tenant_pipeline_execution_view';

/**
 * `tenants.tenant_pipeline_execution_view`: every tenant's runs × their step attempts — one row per
 * tenant_step_logs row with its run's columns, and one row with NULL step columns for a run without any step
 * row (requested, queued, rejected, …). Cross-tenant: for operators, never granted to a tenant.
 */
export function tenantPipelineExecutionViewSql(centralDataset: string): string {
  const table = (name: string) => centralTableName(centralDataset, name);
  return `WITH
steps AS (
  SELECT s.tenant_id, s.run_id, s.step_id, s.run_attempt, s.attempt, s.step_name, s.ps_type, s.status, s.started_at, s.finished_at,
    s.duration_ms, s.bigquery_job_id, s.rows_affected, s.bytes_processed, s.error_code, s.error_message,
    ROW_NUMBER() OVER (PARTITION BY s.tenant_id, s.run_id, s.step_id ORDER BY s.run_attempt DESC, s.attempt DESC) = 1 AS is_latest_attempt
  FROM ${table('tenant_step_logs')} AS s
)
SELECT
  r.tenant_id,
  r.run_id,
  r.pipeline_id,
  r.pipeline_version,
  r.schedule_id,
  r.trigger_type,
  r.triggered_by,
  r.status AS run_status,
  r.status_reason AS run_status_reason,
  r.scheduled_time,
  r.requested_at,
  r.started_at AS run_started_at,
  r.finished_at AS run_finished_at,
  r.duration_ms AS run_duration_ms,
  r.error_message AS run_error_message,
  r.correlation_id,
  r.attempts AS run_attempts,
  r.usage_date,
  s.step_id,
  s.run_attempt,
  s.attempt,
  s.is_latest_attempt,
  s.step_name,
  s.ps_type,
  s.status AS step_status,
  s.started_at AS step_started_at,
  s.finished_at AS step_finished_at,
  s.duration_ms AS step_duration_ms,
  s.bigquery_job_id,
  s.rows_affected,
  s.bytes_processed,
  s.error_code AS step_error_code,
  s.error_message AS step_error_message
FROM ${table('tenant_pipeline_runs')} AS r
LEFT JOIN steps AS s ON s.tenant_id = r.tenant_id AND s.run_id = r.run_id`;
}

const COLUMNS: readonly ColumnDefinition[] = [
  nullable('tenant_id', 'STRING', 'Tenant of the run.'),
  nullable('run_id', 'STRING', 'The run.'),
  nullable('pipeline_id', 'STRING', 'Pipeline path `{provider}/{domain}/{name}`.'),
  nullable('pipeline_version', 'STRING', 'Version declared in the pipeline YAML.'),
  nullable('schedule_id', 'STRING', 'Schedule that requested it; NULL for manual runs.'),
  nullable('trigger_type', 'STRING', 'SCHEDULED | MANUAL.'),
  nullable('triggered_by', 'STRING', 'Actor of a manual run or `scheduler`.'),
  nullable(
    'run_status',
    'STRING',
    'Run status: REQUESTED | QUEUED | DEFERRED | RUNNING | SUCCEEDED | FAILED | CANCELLED | TIMED_OUT | REJECTED | MISSED | SKIPPED.',
  ),
  nullable('run_status_reason', 'STRING', 'Why the run is in that status.'),
  nullable('scheduled_time', 'TIMESTAMP', 'Fire time for scheduled runs.'),
  nullable('requested_at', 'TIMESTAMP', 'When the run was requested.'),
  nullable('run_started_at', 'TIMESTAMP', 'When the run started executing.'),
  nullable('run_finished_at', 'TIMESTAMP', 'When the run reached a final status.'),
  nullable('run_duration_ms', 'INT64', 'Run duration in milliseconds.'),
  nullable('run_error_message', 'STRING', 'First failure message of the run.'),
  nullable('correlation_id', 'STRING', 'Correlation id of the request that created the run.'),
  nullable('run_attempts', 'INT64', 'Execution attempts of the run (pipeline-level retries).'),
  nullable('usage_date', 'DATE', 'Tenant-local usage day the run was counted on; NULL until it starts.'),
  nullable(
    'step_id',
    'STRING',
    'step_id from the pipeline YAML; NULL (with every step column) for a run without step rows.',
  ),
  nullable('run_attempt', 'INT64', 'Run attempt (pipeline-level retry) the step attempt ran in, from 1.'),
  nullable('attempt', 'INT64', 'Step attempt within that run attempt, from 1; 0 for a skipped step.'),
  nullable(
    'is_latest_attempt',
    'BOOL',
    "True for the step's latest attempt (latest run attempt, then step attempt): the one that decides its outcome.",
  ),
  nullable('step_name', 'STRING', 'Human name of the step.'),
  nullable('ps_type', 'STRING', 'Step kind, e.g. `gcp.bq_etl`; NULL for a skipped step.'),
  nullable(
    'step_status',
    'STRING',
    'RUNNING | SUCCEEDED | FAILED | SKIPPED | TIMED_OUT | CANCELLED (a retried attempt is FAILED, its time and error NULL).',
  ),
  nullable('step_started_at', 'TIMESTAMP', 'When the attempt started.'),
  nullable('step_finished_at', 'TIMESTAMP', 'When the attempt ended.'),
  nullable('step_duration_ms', 'INT64', 'Attempt duration in milliseconds.'),
  nullable('bigquery_job_id', 'STRING', "The attempt's BigQuery job id."),
  nullable('rows_affected', 'INT64', 'Rows written by the attempt.'),
  nullable('bytes_processed', 'INT64', 'Bytes BigQuery processed for the attempt.'),
  nullable('step_error_code', 'STRING', 'Typed error code of a failed attempt.'),
  nullable('step_error_message', 'STRING', 'Failure message of a failed attempt (never secrets).'),
];

export const tenantPipelineExecutionView: ViewDefinition = {
  name: TENANT_PIPELINE_EXECUTION_VIEW,
  scope: 'central',
  description:
    'Runs × step attempts of every tenant: one row per tenant_step_logs row with its run, and one row with NULL step columns for a run without steps.',
  columns: COLUMNS,
  sql: (centralDataset) => tenantPipelineExecutionViewSql(centralDataset),
};
