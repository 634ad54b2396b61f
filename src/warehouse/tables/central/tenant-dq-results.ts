import type { TableDefinition } from '../../warehouse';
import { PROJECTION_VERSION_COLUMN, nullable, projectionColumns, required, tenantIdColumn } from '../columns';

/**
 * Projected from the verdicts a data-quality step reports in its StepSucceeded / StepFailed event details; a
 * later attempt of the step (or of the run) replaces an earlier attempt's verdict for the same check.
 */
export const tenantDqResults: TableDefinition = {
  name: 'tenant_dq_results',
  description:
    'One row per data-quality expectation evaluated by a `gcp.data_quality` step: what was checked, severity and PASS | WARNING | FAIL.',
  columns: [
    tenantIdColumn,
    required('run_id', 'STRING', 'Run that evaluated the expectation.'),
    required('step_id', 'STRING', 'The data-quality step.'),
    required('check_id', 'STRING', 'Identifier of the expectation within the step.'),
    required('pipeline_id', 'STRING', 'pipeline_id of the run (as in tenant_pipeline_runs).'),
    required(
      'expectation_type',
      'STRING',
      'not_null | unique | row_count_between | values_in_set | column_values_between | freshness | custom_sql.',
    ),
    required('target_table', 'STRING', 'Checked table as `dataset.table`.'),
    nullable(
      'column_name',
      'STRING',
      'Checked column, for column expectations (comma-separated for `unique` on several).',
    ),
    required('severity', 'STRING', 'critical | warning | info.'),
    required('result', 'STRING', 'PASS | WARNING | FAIL.'),
    nullable('observed_value', 'STRING', 'What was measured (count, min/max, age), as text.'),
    nullable('expected', 'STRING', "The expectation's bound or set, as text."),
    nullable('failing_rows', 'INT64', 'Rows violating the expectation, when countable.'),
    nullable(
      'details',
      'JSON',
      "The expectation's description, its BigQuery job id, and the step and run attempts that evaluated it.",
    ),
    required('checked_at', 'TIMESTAMP', 'When the expectation was evaluated. Partition column.'),
    ...projectionColumns(),
  ],
  partitionBy: { column: 'checked_at' },
  clusterBy: ['tenant_id', 'result', 'severity'],
  keyColumns: ['tenant_id', 'run_id', 'step_id', 'check_id'],
  versionColumn: PROJECTION_VERSION_COLUMN,
};
