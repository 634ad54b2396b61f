import type { TableDefinition } from '../../warehouse';
import { PROJECTION_VERSION_COLUMN, derivedProjectionColumns, nullable, required, tenantIdColumn } from '../columns';

/**
 * Derived from tenant_pipeline_runs (runs by usage day), the RunDeferred and UsageDayClosed events in
 * tenant_event_log, and the plan period in force (tenant_subscriptions, days in the tenant's timezone from
 * tenant_profiles). A row exists for a day with a run, a rejection, a deferral or a close.
 */
export const tenantUsageQuotas: TableDefinition = {
  name: 'tenant_usage_quotas',
  description:
    'One row per tenant per usage day: runs counted against the plan, outcomes, month to date, concurrency peak and the limits in force.',
  columns: [
    tenantIdColumn,
    required(
      'usage_date',
      'DATE',
      "Usage day, in the tenant's timezone (as the quota gate counts it). Partition column.",
    ),
    required('plan', 'STRING', 'Plan in force that day (the latest plan period started on or before it).'),
    required('runs_started', 'INT64', 'Runs started that day (what the daily limit counts).'),
    required('runs_succeeded', 'INT64', 'Runs counted that day that finished SUCCEEDED.'),
    required('runs_failed', 'INT64', 'Runs counted that day that finished FAILED or TIMED_OUT.'),
    required('runs_cancelled', 'INT64', 'Runs counted that day that were cancelled after they started.'),
    required('runs_rejected', 'INT64', 'Runs rejected that day (daily or monthly limit, or the tenant not active).'),
    required('runs_deferred', 'INT64', 'Times that day a run was deferred by the concurrency limit.'),
    required('month_to_date_runs', 'INT64', 'Runs started in the calendar month up to and including this day.'),
    required(
      'concurrency_peak',
      'INT64',
      "Highest number of that day's runs executing at once (from their start and finish times).",
    ),
    required('daily_run_limit', 'INT64', 'Daily limit in force.'),
    required('monthly_run_limit', 'INT64', 'Monthly limit in force.'),
    required('concurrent_run_limit', 'INT64', 'Concurrency limit in force.'),
    required('day_closed', 'BOOL', 'True once reset-daily-quotas closed the day (UsageDayClosed).'),
    nullable('closed_at', 'TIMESTAMP', 'When the day was closed.'),
    ...derivedProjectionColumns(
      "the sum of the source_revision of the day's runs, plus its deferrals, its close, the month-to-date runs and the plan periods started by then",
    ),
  ],
  partitionBy: { column: 'usage_date' },
  clusterBy: ['tenant_id'],
  keyColumns: ['tenant_id', 'usage_date'],
  versionColumn: PROJECTION_VERSION_COLUMN,
};
