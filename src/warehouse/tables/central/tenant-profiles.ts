import type { TableDefinition } from '../../warehouse';
import { PROJECTION_VERSION_COLUMN, nullable, projectionColumns, repeated, required, tenantIdColumn } from '../columns';

export const tenantProfiles: TableDefinition = {
  name: 'tenant_profiles',
  description: 'One row per tenant: identity, contact, status and current plan, as of the last tenant event.',
  columns: [
    tenantIdColumn,
    required('company_name', 'STRING', 'Display name of the tenant organisation.'),
    nullable('contact_email', 'STRING', 'Operational contact address.'),
    required('status', 'STRING', 'PROVISIONING | PROVISIONING_FAILED | ACTIVE | SUSPENDED | OFFBOARDED.'),
    required('plan', 'STRING', 'Current plan: STARTER | PROFESSIONAL | SCALE.'),
    required('dataset_id', 'STRING', 'BigQuery dataset holding the tenant data (equals tenant_id).'),
    repeated(
      'billing_account_ids',
      'STRING',
      'Cloud Billing account ids whose export rows belong to this tenant (cost pipeline filter).',
    ),
    nullable('timezone', 'STRING', 'IANA timezone used as the default for schedules.'),
    required(
      'created_at',
      'TIMESTAMP',
      'When the tenant was onboarded (TenantOnboarded.onboardedAt). Partition column.',
    ),
    nullable('suspended_at', 'TIMESTAMP', 'When the tenant was last suspended; NULL when active.'),
    nullable('offboarded_at', 'TIMESTAMP', "When the tenant was offboarded (its credentials' data key destroyed)."),
    ...projectionColumns(),
  ],
  partitionBy: { column: 'created_at' },
  clusterBy: ['tenant_id', 'status'],
  keyColumns: ['tenant_id'],
  versionColumn: PROJECTION_VERSION_COLUMN,
};
