import type { TableDefinition } from '../../warehouse';
import { nullable, required } from '../columns';

export const dryrunValidationLog: TableDefinition = {
  name: 'dryrun_validation_log',
  description:
    'One row per check of a tenant dry run (credentials, billing export access, pipeline SQL dry-run), with its outcome.',
  columns: [
    required('tenant_id', 'STRING', 'Tenant the dry run was for.'),
    required('run_id', 'STRING', 'The dry-run run.'),
    required('check_id', 'STRING', 'Identifier of the check within the dry run.'),
    required('check_name', 'STRING', 'Human name of the check.'),
    nullable('pipeline_id', 'STRING', 'Pipeline whose SQL was dry-run, for pipeline checks.'),
    required('status', 'STRING', 'PASS | FAIL | SKIPPED.'),
    nullable('message', 'STRING', 'Outcome detail (never secrets).'),
    nullable('bytes_estimated', 'INT64', 'Bytes BigQuery estimated the dry-run query would process.'),
    nullable('details', 'JSON', 'Further structured detail.'),
    required('checked_at', 'TIMESTAMP', 'When the check ran. Partition column.'),
    nullable('duration_ms', 'INT64', 'How long the check took.'),
  ],
  partitionBy: { column: 'checked_at' },
  clusterBy: ['run_id', 'status'],
  keyColumns: ['run_id', 'check_id'],
};
