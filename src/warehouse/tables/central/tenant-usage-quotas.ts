import type { TableDefinition } from '../../warehouse';
import { PROJECTION_VERSION_COLUMN, nullable, projectionColumns, required, tenantIdColumn } from '../columns';

export const tenantUsageQuotas: TableDefinition = {
  name: 'tenant_usage_quotas',
  description: 'One row per tenant per usage day: runs counted against the plan, outcomes, month to date, concurrency peak and the limits in force.',
  columns: [
    tenantIdColumn,
    required('usage_date', 'DATE', 'Usage day (UTC). Partition column.'),
    required('plan', 'STRING', 'Plan in force that day.'),
    required('runs_started', 'INT64', 'Runs started that day (what the daily limit counts).'),
    required('runs_succeeded', 'INT64', 'Runs that finished SUCCEEDED.'),
    required('runs_failed', 'INT64', 'Runs that finished FAILED or TIMED_OUT.'),
    required('runs_cancelled', 'INT64', 'Runs cancelled.'),
    required('runs_rejected', 'INT64', 'Runs rejected by a daily or monthly limit.'),
    required('runs_deferred', 'INT64', 'Times a run was deferred by the concurrency limit.'),
    required('month_to_date_runs', 'INT64', 'Runs started in the calendar month up to and including this day.'),
    required('concurrency_peak', 'INT64', 'Highest number of runs executing at once that day.'),
    required('daily_run_limit', 'INT64', 'Daily limit in force.'),
    required('monthly_run_limit', 'INT64', 'Monthly limit in force.'),
    required('concurrent_run_limit', 'INT64', 'Concurrency limit in force.'),
    required('day_closed', 'BOOL', 'True once reset-daily-quotas closed the day.'),
    nullable('closed_at', 'TIMESTAMP', 'When the day was closed.'),
    ...projectionColumns(),
  ],
  partitionBy: { column: 'usage_date' },
  clusterBy: ['tenant_id'],
  keyColumns: ['tenant_id', 'usage_date'],
  versionColumn: PROJECTION_VERSION_COLUMN,
};
