import type { TableDefinition } from '../../warehouse';
import { PROJECTION_VERSION_COLUMN, nullable, projectionColumns, required, tenantIdColumn } from '../columns';

export const tenantDqResults: TableDefinition = {
  name: 'tenant_dq_results',
  description: 'One row per data-quality expectation evaluated by a `gcp.data_quality` step: what was checked, severity and PASS | WARNING | FAIL.',
  columns: [
    tenantIdColumn,
    required('run_id', 'STRING', 'Run that evaluated the expectation.'),
    required('step_id', 'STRING', 'The data-quality step.'),
    required('check_id', 'STRING', 'Identifier of the expectation within the step.'),
    required('pipeline_id', 'STRING', 'Pipeline of the run.'),
    required('expectation_type', 'STRING', 'not_null | unique | row_count_between | values_in_set | column_values_between | freshness | custom_sql.'),
    required('target_table', 'STRING', 'Checked table as `dataset.table`.'),
    nullable('column_name', 'STRING', 'Checked column, for column expectations.'),
    required('severity', 'STRING', 'critical | warning | info.'),
    required('result', 'STRING', 'PASS | WARNING | FAIL.'),
    nullable('observed_value', 'STRING', 'What was measured (count, min/max, age), as text.'),
    nullable('expected', 'STRING', 'The expectation\'s bound or set, as text.'),
    nullable('failing_rows', 'INT64', 'Rows violating the expectation, when countable.'),
    nullable('details', 'JSON', 'Further structured detail of the evaluation.'),
    required('checked_at', 'TIMESTAMP', 'When the expectation was evaluated. Partition column.'),
    ...projectionColumns(),
  ],
  partitionBy: { column: 'checked_at' },
  clusterBy: ['tenant_id', 'result', 'severity'],
  keyColumns: ['tenant_id', 'run_id', 'step_id', 'check_id'],
  versionColumn: PROJECTION_VERSION_COLUMN,
};
