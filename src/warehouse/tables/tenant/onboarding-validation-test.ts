import type { TableDefinition } from '../../warehouse';
import { nullable, required } from '../columns';

/** Written by the onboarding setup step to prove the tenant dataset is writable and readable end to end. */
export const onboardingValidationTest: TableDefinition = {
  name: 'onboarding_validation_test',
  description: 'Rows the onboarding step writes and reads back to prove the tenant dataset works (one per check).',
  columns: [
    required('tenant_id', 'STRING', 'Tenant the dataset belongs to.'),
    required('validation_id', 'STRING', 'Identifier of the onboarding validation (one per onboarding run).'),
    required('check_name', 'STRING', 'What was validated, e.g. `dataset_write`, `dataset_read`, `view_create`.'),
    required('status', 'STRING', 'PASS | FAIL.'),
    nullable('message', 'STRING', 'Detail of the outcome.'),
    nullable('run_id', 'STRING', 'Onboarding run that wrote the row.'),
    required('validated_at', 'TIMESTAMP', 'When the check ran. Partition column.'),
  ],
  partitionBy: { column: 'validated_at' },
  clusterBy: ['validation_id'],
  keyColumns: ['validation_id', 'check_name'],
};
