import type { TableDefinition } from '../../warehouse';
import { PROJECTION_VERSION_COLUMN, nullable, projectionColumns, required, tenantIdColumn } from '../columns';

export const tenantSubscriptions: TableDefinition = {
  name: 'tenant_subscriptions',
  description:
    'One row per plan period of a tenant (a plan change ends one row and starts the next), with the limits in force.',
  columns: [
    tenantIdColumn,
    required(
      'subscription_id',
      'STRING',
      'Identifier of this plan period: `{tenant_id}-{revision}` of the event that started it (TenantOnboarded or PlanChanged).',
    ),
    required('plan', 'STRING', 'STARTER | PROFESSIONAL | SCALE.'),
    required('status', 'STRING', 'ACTIVE | ENDED (replaced by a plan change) | CANCELLED (the tenant was offboarded).'),
    required('daily_run_limit', 'INT64', 'Runs allowed per usage day.'),
    required('monthly_run_limit', 'INT64', 'Runs allowed per calendar month.'),
    required('concurrent_run_limit', 'INT64', 'Runs allowed to execute at the same time.'),
    required('started_at', 'TIMESTAMP', 'Start of the plan period. Partition column.'),
    nullable('ended_at', 'TIMESTAMP', 'End of the plan period; NULL while current.'),
    nullable('changed_by', 'STRING', 'Actor of the event that started the period (onboarding or plan change).'),
    ...projectionColumns(),
  ],
  partitionBy: { column: 'started_at' },
  clusterBy: ['tenant_id', 'status'],
  keyColumns: ['tenant_id', 'subscription_id'],
  versionColumn: PROJECTION_VERSION_COLUMN,
};
