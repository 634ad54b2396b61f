import type { TableDefinition } from '../../warehouse';
import { PROJECTION_VERSION_COLUMN, nullable, projectionColumns, required, tenantIdColumn } from '../columns';

export const tenantStepLogs: TableDefinition = {
  name: 'tenant_step_logs',
  description: 'One row per step attempt of a run with its final state, BigQuery job and volumes.',
  columns: [
    tenantIdColumn,
    required('run_id', 'STRING', 'Run the step belongs to.'),
    required('step_id', 'STRING', 'step_id from the pipeline YAML.'),
    required('attempt', 'INT64', 'Attempt number, from 1.'),
    required('pipeline_id', 'STRING', 'Pipeline of the run.'),
    nullable('step_name', 'STRING', 'Human name of the step.'),
    required('ps_type', 'STRING', 'Step kind, e.g. `gcp.bq_etl`, `gcp.data_quality`.'),
    required('status', 'STRING', 'RUNNING | SUCCEEDED | FAILED | SKIPPED | TIMED_OUT | CANCELLED.'),
    required('started_at', 'TIMESTAMP', 'When the attempt started (for a skipped step: when it was skipped). Partition column.'),
    nullable('finished_at', 'TIMESTAMP', 'When the attempt ended.'),
    nullable('duration_ms', 'INT64', 'Attempt duration in milliseconds.'),
    nullable('bigquery_job_id', 'STRING', 'Deterministic job id `{run_id}_{step_id}_{attempt}`.'),
    nullable('rows_affected', 'INT64', 'Rows written by the step.'),
    nullable('bytes_processed', 'INT64', 'Bytes BigQuery processed for the step.'),
    nullable('error_code', 'STRING', 'Typed error code of a failure.'),
    nullable('error_message', 'STRING', 'Failure message (never secrets or parameter values).'),
    ...projectionColumns(),
  ],
  partitionBy: { column: 'started_at' },
  clusterBy: ['tenant_id', 'run_id', 'status'],
  keyColumns: ['tenant_id', 'run_id', 'step_id', 'attempt'],
  versionColumn: PROJECTION_VERSION_COLUMN,
};
