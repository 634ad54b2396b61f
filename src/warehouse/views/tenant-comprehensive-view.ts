import { nullable, record } from '../tables/columns';
import type { ColumnDefinition } from '../warehouse';
import { type ViewDefinition, centralTableName, tenantIdLiteral } from './view-definition';

export const TENANT_COMPREHENSIVE_VIEW = 'tenant_comprehensive_view';

/** Run statuses that count as a failure (the usage quotas count FAILED and TIMED_OUT as failed runs, too). */
const FAILED_RUN = `('FAILED', 'TIMED_OUT')`;
/** Runs that executed to an outcome: the denominator of a success rate. */
const FINISHED_RUN = `('SUCCEEDED', 'FAILED', 'TIMED_OUT')`;
const FAILED_STEP = `('FAILED', 'TIMED_OUT')`;

/**
 * `{tenant_id}.tenant_comprehensive_view`: one row per run of the tenant, with the tenant's profile, plan, today's
 * usage and quota status repeated on each; a tenant without runs still has one row (run columns NULL), because
 * the view starts from the tenant id itself, not from a table — so it answers even before the projections have
 * written the profile. Only rows whose `tenant_id` equals the literal baked into the SQL are read.
 *
 * "Today" is CURRENT_DATE in the tenant's timezone (UTC when the profile has none); a run's day is the usage day
 * the quota gate counted it on, else the local date it started or was requested.
 */
export function tenantComprehensiveViewSql(centralDataset: string, tenantId?: string): string {
  const tenant = tenantIdLiteral(tenantId);
  const table = (name: string) => centralTableName(centralDataset, name);
  return `WITH
tenant AS (
  SELECT ${tenant} AS tenant_id
),
profile AS (
  SELECT tenant_id, company_name, status, plan, timezone
  FROM ${table('tenant_profiles')}
  WHERE tenant_id = ${tenant}
),
subscription AS (
  SELECT tenant_id, plan, daily_run_limit, monthly_run_limit, concurrent_run_limit
  FROM ${table('tenant_subscriptions')}
  WHERE tenant_id = ${tenant} AND status = 'ACTIVE'
  QUALIFY ROW_NUMBER() OVER (PARTITION BY tenant_id ORDER BY started_at DESC) = 1
),
clock AS (
  SELECT t.tenant_id, IFNULL(p.timezone, 'UTC') AS timezone, CURRENT_DATE(IFNULL(p.timezone, 'UTC')) AS today
  FROM tenant AS t
  LEFT JOIN profile AS p ON p.tenant_id = t.tenant_id
),
usage_today AS (
  SELECT q.tenant_id, q.runs_started, q.runs_succeeded, q.runs_failed, q.concurrency_peak,
    q.daily_run_limit, q.monthly_run_limit, q.concurrent_run_limit
  FROM ${table('tenant_usage_quotas')} AS q
  JOIN clock AS c ON q.tenant_id = c.tenant_id AND q.usage_date = c.today
  WHERE q.tenant_id = ${tenant}
),
usage_month AS (
  -- month_to_date_runs is cumulative: the month's latest day holds it, even when today has no row yet.
  SELECT q.tenant_id, MAX(q.month_to_date_runs) AS month_to_date_runs
  FROM ${table('tenant_usage_quotas')} AS q
  JOIN clock AS c ON q.tenant_id = c.tenant_id AND q.usage_date BETWEEN DATE_TRUNC(c.today, MONTH) AND c.today
  WHERE q.tenant_id = ${tenant}
  GROUP BY q.tenant_id
),
tenant_runs AS (
  SELECT r.tenant_id, r.run_id, r.pipeline_id, r.pipeline_version, r.schedule_id, r.trigger_type, r.triggered_by,
    r.status AS run_status, r.status_reason, r.scheduled_time, r.requested_at, r.started_at, r.finished_at,
    IFNULL(r.duration_ms, TIMESTAMP_DIFF(r.finished_at, r.started_at, MILLISECOND)) AS duration_ms,
    r.error_message, r.attempts AS run_attempts,
    -- The usage day the quota gate counted the run on; else the local day it started or was requested.
    IFNULL(r.usage_date, DATE(IFNULL(r.started_at, r.requested_at), c.timezone)) AS run_date
  FROM ${table('tenant_pipeline_runs')} AS r
  JOIN clock AS c ON r.tenant_id = c.tenant_id
  WHERE r.tenant_id = ${tenant}
),
concurrency AS (
  SELECT COUNTIF(run_status = 'RUNNING') AS running_runs
  FROM tenant_runs
),
day_stats AS (
  SELECT run_date,
    COUNT(*) AS runs,
    ROUND(SAFE_DIVIDE(COUNTIF(run_status = 'SUCCEEDED'), COUNTIF(run_status IN ${FINISHED_RUN})) * 100, 1) AS success_rate,
    AVG(duration_ms) AS avg_duration_ms
  FROM tenant_runs
  GROUP BY run_date
),
step_attempts AS (
  SELECT s.run_id, s.step_id, s.run_attempt, s.attempt, s.status, s.started_at, s.duration_ms, s.rows_affected,
    s.bytes_processed, s.error_code, s.error_message,
    ROW_NUMBER() OVER (PARTITION BY s.run_id, s.step_id ORDER BY s.run_attempt DESC, s.attempt DESC) = 1 AS is_final
  FROM ${table('tenant_step_logs')} AS s
  WHERE s.tenant_id = ${tenant}
),
step_stats AS (
  -- A step's outcome is its latest attempt (of the latest run attempt); durations and bytes add up every attempt.
  SELECT run_id,
    COUNTIF(is_final) AS steps_total,
    COUNTIF(is_final AND status = 'SUCCEEDED') AS steps_succeeded,
    COUNTIF(is_final AND status IN ${FAILED_STEP}) AS steps_failed,
    COUNTIF(is_final AND status = 'SKIPPED') AS steps_skipped,
    COUNTIF(is_final AND status = 'RUNNING') AS steps_running,
    COUNT(*) AS step_attempts,
    SUM(duration_ms) AS total_step_duration_ms,
    MAX(duration_ms) AS max_step_duration_ms,
    SUM(IF(is_final, rows_affected, NULL)) AS total_rows_affected,
    SUM(bytes_processed) AS total_bytes_processed,
    ARRAY_AGG(
      IF(is_final AND status IN ${FAILED_STEP},
        STRUCT(step_id AS step_id, run_attempt AS run_attempt, attempt AS attempt, status AS status, error_code AS error_code,
          error_message AS error_message),
        NULL)
      IGNORE NULLS ORDER BY started_at, step_id) AS failed_steps
  FROM step_attempts
  GROUP BY run_id
),
dq_stats AS (
  SELECT run_id,
    COUNT(*) AS dq_checks,
    COUNTIF(result = 'PASS') AS dq_passed,
    COUNTIF(result = 'WARNING') AS dq_warnings,
    COUNTIF(result = 'FAIL') AS dq_failed
  FROM ${table('tenant_dq_results')}
  WHERE tenant_id = ${tenant}
  GROUP BY run_id
),
run_rows AS (
  SELECT r.*,
    IFNULL(st.steps_total, 0) AS steps_total,
    IFNULL(st.steps_succeeded, 0) AS steps_succeeded,
    IFNULL(st.steps_failed, 0) AS steps_failed,
    IFNULL(st.steps_skipped, 0) AS steps_skipped,
    IFNULL(st.steps_running, 0) AS steps_running,
    IFNULL(st.step_attempts, 0) AS step_attempts,
    st.total_step_duration_ms, st.max_step_duration_ms, st.total_rows_affected, st.total_bytes_processed,
    IFNULL(st.failed_steps, []) AS failed_steps,
    IFNULL(dq.dq_checks, 0) AS dq_checks,
    IFNULL(dq.dq_passed, 0) AS dq_passed,
    IFNULL(dq.dq_warnings, 0) AS dq_warnings,
    IFNULL(dq.dq_failed, 0) AS dq_failed,
    r.run_status IN ${FAILED_RUN} OR IFNULL(st.steps_failed, 0) > 0 OR IFNULL(dq.dq_failed, 0) > 0 AS has_errors,
    d.runs AS day_runs,
    d.success_rate AS day_success_rate,
    d.avg_duration_ms AS day_avg_duration_ms,
    CASE
      WHEN r.duration_ms IS NULL OR d.avg_duration_ms IS NULL THEN NULL
      WHEN r.duration_ms > 2 * d.avg_duration_ms THEN 'SLOW'
      WHEN r.duration_ms < 0.5 * d.avg_duration_ms THEN 'FAST'
      ELSE 'NORMAL'
    END AS performance_status
  FROM tenant_runs AS r
  LEFT JOIN step_stats AS st ON st.run_id = r.run_id
  LEFT JOIN dq_stats AS dq ON dq.run_id = r.run_id
  LEFT JOIN day_stats AS d ON d.run_date = r.run_date
),
quota AS (
  SELECT t.tenant_id, p.company_name, p.status AS tenant_status, IFNULL(p.plan, s.plan) AS plan, c.timezone,
    c.today AS usage_date,
    s.daily_run_limit AS plan_daily_run_limit,
    s.monthly_run_limit AS plan_monthly_run_limit,
    s.concurrent_run_limit AS plan_concurrent_run_limit,
    IFNULL(u.runs_started, 0) AS today_runs_started,
    IFNULL(u.runs_succeeded, 0) AS today_runs_succeeded,
    IFNULL(u.runs_failed, 0) AS today_runs_failed,
    IFNULL(u.concurrency_peak, 0) AS today_concurrency_peak,
    IFNULL(m.month_to_date_runs, 0) AS month_to_date_runs,
    k.running_runs,
    IFNULL(u.daily_run_limit, s.daily_run_limit) AS daily_run_limit,
    IFNULL(u.monthly_run_limit, s.monthly_run_limit) AS monthly_run_limit,
    IFNULL(u.concurrent_run_limit, s.concurrent_run_limit) AS concurrent_run_limit,
    td.success_rate AS today_success_rate
  FROM tenant AS t
  JOIN clock AS c ON c.tenant_id = t.tenant_id
  CROSS JOIN concurrency AS k
  LEFT JOIN profile AS p ON p.tenant_id = t.tenant_id
  LEFT JOIN subscription AS s ON s.tenant_id = t.tenant_id
  LEFT JOIN usage_today AS u ON u.tenant_id = t.tenant_id
  LEFT JOIN usage_month AS m ON m.tenant_id = t.tenant_id
  LEFT JOIN day_stats AS td ON td.run_date = c.today
),
tenant_quota AS (
  SELECT q.*,
    CASE
      WHEN q.today_runs_started >= q.daily_run_limit THEN 'DAILY_LIMIT_REACHED'
      WHEN q.month_to_date_runs >= q.monthly_run_limit THEN 'MONTHLY_LIMIT_REACHED'
      WHEN q.running_runs >= q.concurrent_run_limit THEN 'CONCURRENT_LIMIT_REACHED'
      ELSE 'AVAILABLE'
    END AS quota_status,
    ROUND(SAFE_DIVIDE(q.today_runs_started, q.daily_run_limit) * 100, 1) AS daily_usage_percent,
    ROUND(SAFE_DIVIDE(q.month_to_date_runs, q.monthly_run_limit) * 100, 1) AS monthly_usage_percent
  FROM quota AS q
)
SELECT
  ${TENANT_COLUMNS.map((column) => `ts.${column.name}`).join(',\n  ')},
  ${RUN_COLUMNS.map((column) => `rr.${column.name}`).join(',\n  ')}
FROM tenant_quota AS ts
LEFT JOIN run_rows AS rr ON rr.tenant_id = ts.tenant_id`;
}

const TENANT_COLUMNS: readonly ColumnDefinition[] = [
  nullable('tenant_id', 'STRING', 'The tenant (the literal the view was created for; every row carries it).'),
  nullable('company_name', 'STRING', 'From tenant_profiles; NULL until the profile is projected.'),
  nullable('tenant_status', 'STRING', 'Tenant status: ACTIVE | SUSPENDED | OFFBOARDED.'),
  nullable('plan', 'STRING', 'Current plan (profile, else the active subscription).'),
  nullable(
    'timezone',
    'STRING',
    'The tenant\'s IANA timezone (UTC when none): it defines "today" and each run\'s day.',
  ),
  nullable(
    'usage_date',
    'DATE',
    "Today in the tenant's timezone (CURRENT_DATE(timezone)): the day of the today_* columns.",
  ),
  nullable('plan_daily_run_limit', 'INT64', 'Daily run limit of the ACTIVE subscription.'),
  nullable('plan_monthly_run_limit', 'INT64', 'Monthly run limit of the ACTIVE subscription.'),
  nullable('plan_concurrent_run_limit', 'INT64', 'Concurrency limit of the ACTIVE subscription.'),
  nullable('today_runs_started', 'INT64', 'Runs started today (tenant_usage_quotas of usage_date; 0 without a row).'),
  nullable('today_runs_succeeded', 'INT64', 'Runs that succeeded today.'),
  nullable('today_runs_failed', 'INT64', 'Runs that failed or timed out today.'),
  nullable('today_concurrency_peak', 'INT64', 'Most runs executing at once today.'),
  nullable(
    'month_to_date_runs',
    'INT64',
    "Runs started this calendar month up to today (the month's latest usage row).",
  ),
  nullable('running_runs', 'INT64', "The tenant's runs with status RUNNING now."),
  nullable('daily_run_limit', 'INT64', "Daily limit in force today: today's usage row, else the plan's."),
  nullable('monthly_run_limit', 'INT64', "Monthly limit in force: today's usage row, else the plan's."),
  nullable('concurrent_run_limit', 'INT64', "Concurrency limit in force: today's usage row, else the plan's."),
  nullable(
    'today_success_rate',
    'FLOAT64',
    "Percent of today's finished runs (SUCCEEDED, FAILED, TIMED_OUT) that succeeded, 1 decimal; NULL when none finished.",
  ),
  nullable(
    'quota_status',
    'STRING',
    'First that holds: DAILY_LIMIT_REACHED (today_runs_started ≥ daily_run_limit), MONTHLY_LIMIT_REACHED (month_to_date_runs ≥ monthly_run_limit), CONCURRENT_LIMIT_REACHED (running_runs ≥ concurrent_run_limit), else AVAILABLE.',
  ),
  nullable(
    'daily_usage_percent',
    'FLOAT64',
    'today_runs_started / daily_run_limit × 100, 1 decimal; NULL without a limit.',
  ),
  nullable(
    'monthly_usage_percent',
    'FLOAT64',
    'month_to_date_runs / monthly_run_limit × 100, 1 decimal; NULL without a limit.',
  ),
];

const RUN_COLUMNS: readonly ColumnDefinition[] = [
  nullable('run_id', 'STRING', 'The run; NULL on the one row of a tenant without runs (as are all run columns).'),
  nullable('pipeline_id', 'STRING', 'Pipeline path `{provider}/{domain}/{name}`.'),
  nullable('pipeline_version', 'STRING', 'Version declared in the pipeline YAML.'),
  nullable('schedule_id', 'STRING', 'Schedule that requested it; NULL for manual runs.'),
  nullable('trigger_type', 'STRING', 'SCHEDULED | MANUAL.'),
  nullable('triggered_by', 'STRING', 'Actor of a manual run or `scheduler`.'),
  nullable(
    'run_status',
    'STRING',
    'Run status: REQUESTED | QUEUED | DEFERRED | RUNNING | SUCCEEDED | FAILED | CANCELLED | TIMED_OUT | REJECTED | MISSED | SKIPPED.',
  ),
  nullable('status_reason', 'STRING', 'Why the run is in that status.'),
  nullable('scheduled_time', 'TIMESTAMP', 'Fire time for scheduled runs.'),
  nullable('requested_at', 'TIMESTAMP', 'When the run was requested.'),
  nullable('started_at', 'TIMESTAMP', 'When execution started.'),
  nullable('finished_at', 'TIMESTAMP', 'When it reached a final status.'),
  nullable('duration_ms', 'INT64', 'Run duration (duration_ms, else finished_at - started_at); NULL while unfinished.'),
  nullable('error_message', 'STRING', 'First failure message of the run.'),
  nullable('run_attempts', 'INT64', 'Execution attempts of the run (pipeline-level retries).'),
  nullable(
    'run_date',
    'DATE',
    "The run's day in the tenant's timezone: the usage day it was counted on, else the day it started or was requested.",
  ),
  nullable(
    'steps_total',
    'INT64',
    "Steps with a log row (tenant_step_logs), counted once whatever their attempts; each step's outcome is its latest attempt of its latest run attempt.",
  ),
  nullable('steps_succeeded', 'INT64', 'Steps whose latest attempt SUCCEEDED.'),
  nullable('steps_failed', 'INT64', 'Steps whose latest attempt FAILED or TIMED_OUT.'),
  nullable('steps_skipped', 'INT64', 'Steps SKIPPED.'),
  nullable('steps_running', 'INT64', 'Steps whose latest attempt is still RUNNING.'),
  nullable('step_attempts', 'INT64', 'Step attempts, retries and run attempts included.'),
  nullable('total_step_duration_ms', 'INT64', "Sum of every attempt's duration_ms."),
  nullable('max_step_duration_ms', 'INT64', 'Longest attempt.'),
  nullable('total_rows_affected', 'INT64', 'Rows written by the steps (latest attempts).'),
  nullable('total_bytes_processed', 'INT64', 'Bytes BigQuery processed for every attempt.'),
  record(
    'failed_steps',
    'REPEATED',
    'The failed steps (latest attempt FAILED or TIMED_OUT), by start time; empty when none.',
    [
      nullable('step_id', 'STRING', 'step_id from the pipeline YAML.'),
      nullable('run_attempt', 'INT64', 'Run attempt of the failing (latest) step attempt.'),
      nullable('attempt', 'INT64', 'The failing (latest) step attempt within it.'),
      nullable('status', 'STRING', 'FAILED | TIMED_OUT.'),
      nullable('error_code', 'STRING', 'Typed error code.'),
      nullable('error_message', 'STRING', 'Failure message (never secrets).'),
    ],
  ),
  nullable('dq_checks', 'INT64', 'Data-quality expectations the run evaluated (tenant_dq_results).'),
  nullable('dq_passed', 'INT64', 'Expectations with result PASS.'),
  nullable('dq_warnings', 'INT64', 'Expectations with result WARNING.'),
  nullable('dq_failed', 'INT64', 'Expectations with result FAIL.'),
  nullable(
    'has_errors',
    'BOOL',
    'The run FAILED or TIMED_OUT, or a step failed, or an expectation FAILed (warnings are not errors).',
  ),
  nullable('day_runs', 'INT64', "The tenant's runs on run_date."),
  nullable(
    'day_success_rate',
    'FLOAT64',
    "Percent of run_date's finished runs (SUCCEEDED, FAILED, TIMED_OUT) that succeeded, 1 decimal.",
  ),
  nullable('day_avg_duration_ms', 'FLOAT64', "Average duration_ms of the tenant's runs on run_date that have one."),
  nullable(
    'performance_status',
    'STRING',
    'SLOW when duration_ms > 2 × day_avg_duration_ms, FAST when < 0.5 ×, else NORMAL; NULL while the run has no duration.',
  ),
];

export const tenantComprehensiveView: ViewDefinition = {
  name: TENANT_COMPREHENSIVE_VIEW,
  scope: 'tenant',
  description:
    "One row per run of the tenant with its step, data-quality and failure details, plus the tenant's profile, plan, today's usage, quota status and the day's success rate and performance; a tenant without runs has one row with NULL run columns. Reads only this tenant's rows.",
  columns: [...TENANT_COLUMNS, ...RUN_COLUMNS],
  sql: tenantComprehensiveViewSql,
};
