import type { TableDefinition } from '../../warehouse';
import { PROJECTION_VERSION_COLUMN, nullable, projectionColumns, required, tenantIdColumn } from '../columns';

export const tenantStepLogs: TableDefinition = {
  name: 'tenant_step_logs',
  description: 'One row per step attempt of a run with its final state, BigQuery job and volumes.',
  columns: [
    tenantIdColumn,
    required('run_id', 'STRING', 'Run the step belongs to.'),
    required('step_id', 'STRING', 'step_id from the pipeline YAML.'),
    required('run_attempt', 'INT64', 'Attempt of the run (pipeline-level retry) the step ran in, from 1.'),
    required('attempt', 'INT64', 'Attempt of the step within that run attempt, from 1; 0 for a skipped step.'),
    required('pipeline_id', 'STRING', 'pipeline_id of the run (as in tenant_pipeline_runs).'),
    nullable('step_name', 'STRING', 'Human name of the step, when the YAML gives one.'),
    nullable(
      'ps_type',
      'STRING',
      'Step kind, e.g. `gcp.bq_etl`, `gcp.data_quality` (from StepStarted; NULL for a skipped step and for events recorded before it carried the kind).',
    ),
    required(
      'status',
      'STRING',
      'RUNNING | SUCCEEDED | FAILED | SKIPPED | TIMED_OUT | CANCELLED. An attempt followed by a retry is FAILED (the failure of a retried attempt is not an event, so its time and error are NULL).',
    ),
    required(
      'started_at',
      'TIMESTAMP',
      'When the attempt started (for a skipped step: when it was skipped). Partition column.',
    ),
    nullable('finished_at', 'TIMESTAMP', 'When the attempt ended.'),
    nullable('duration_ms', 'INT64', 'Attempt duration in milliseconds.'),
    nullable(
      'bigquery_job_id',
      'STRING',
      'Deterministic job id `{run_id}_{step_id}_{attempt}` (its prefix, for steps that run several jobs).',
    ),
    nullable(
      'rows_affected',
      'INT64',
      'Rows written by the step, when it reports them (StepSucceeded details.affectedRows).',
    ),
    nullable(
      'bytes_processed',
      'INT64',
      'Bytes BigQuery processed for the step, when it reports them (details.bytesProcessed); NULL otherwise.',
    ),
    nullable('error_code', 'STRING', 'Typed error code of a failure.'),
    nullable(
      'error_message',
      'STRING',
      'Failure message (never secrets or parameter values); for a skipped step, why it was skipped.',
    ),
    ...projectionColumns(),
  ],
  partitionBy: { column: 'started_at' },
  clusterBy: ['tenant_id', 'run_id', 'status'],
  keyColumns: ['tenant_id', 'run_id', 'step_id', 'run_attempt', 'attempt'],
  versionColumn: PROJECTION_VERSION_COLUMN,
};
