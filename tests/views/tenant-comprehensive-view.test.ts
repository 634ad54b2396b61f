import { CENTRAL_DATASET } from '../../src/warehouse/tables';
import { TENANT_COMPREHENSIVE_VIEW, ensureTenantViews, tenantComprehensiveView } from '../../src/warehouse/views';
import type { Row } from '../../src/warehouse/warehouse';
import { localDate, rows, useViewFixture, zoneAwayFromUtc } from './support/view-fixture';

// The comprehensive view on constructed central rows, through the production adapter on the local endpoint.
const fixture = useViewFixture();
const now = new Date();
const zone = zoneAwayFromUtc(now);
const today = localDate(now, zone);
// Later today on the tenant's clock (its next midnight is over an hour away), and the same hour yesterday.
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const dayBefore = new Date(now.getTime() - 24 * 3_600_000);

const ACME = 'acme_corp';
const GLOBEX = 'globex_inc';
const acmeLimits = { daily: 8, monthly: 300, concurrent: 3 };
const quotaLimits = { daily: 10, monthly: 100, concurrent: 2 };

async function view(tenantId: string): Promise<Row[]> {
  return fixture.query(
    `SELECT * FROM \`${fixture.projectId()}.${tenantId}.${TENANT_COMPREHENSIVE_VIEW}\` ORDER BY run_id`,
  );
}

const byRun = (viewRows: Row[]) => new Map(viewRows.map((row) => [row.run_id, row]));

/** A tenant with a profile, an active subscription, today's usage row and `running` RUNNING runs. */
async function seedQuotaTenant(tenantId: string, started: number, monthToDate: number, running: number): Promise<void> {
  await fixture.merge('tenant_profiles', [rows.profile(tenantId, zone)]);
  await fixture.merge('tenant_subscriptions', [rows.subscription(tenantId, quotaLimits)]);
  await fixture.merge('tenant_usage_quotas', [rows.usage(tenantId, today, { started, monthToDate }, quotaLimits)]);
  if (running > 0)
    await fixture.merge(
      'tenant_pipeline_runs',
      Array.from({ length: running }, (_, i) => rows.run(tenantId, `${tenantId}_run_${i}`, 'RUNNING', at(i), null)),
    );
}

const QUOTA_TENANTS = ['q_available', 'q_concurrent', 'q_monthly', 'q_daily', 'q_daily_only', 'q_no_runs', 'q_nothing'];

beforeAll(async () => {
  const warehouse = fixture.warehouse();
  for (const tenantId of [ACME, GLOBEX, ...QUOTA_TENANTS]) {
    await warehouse.ensureDataset(tenantId);
    await ensureTenantViews(warehouse, CENTRAL_DATASET, tenantId);
  }

  // acme: today 5 of 8 runs started, 40 of 300 this month; runs of today and one of yesterday.
  await fixture.merge('tenant_profiles', [rows.profile(ACME, zone), rows.profile(GLOBEX, zone)]);
  await fixture.merge('tenant_subscriptions', [
    rows.subscription(ACME, acmeLimits),
    rows.subscription(ACME, { daily: 1, monthly: 1, concurrent: 1 }, { subscription_id: 'old', status: 'ENDED' }),
  ]);
  await fixture.merge('tenant_usage_quotas', [
    rows.usage(ACME, today, { started: 5, monthToDate: 40 }, acmeLimits, {
      runs_succeeded: 3,
      runs_failed: 2,
      concurrency_peak: 2,
    }),
    rows.usage(ACME, localDate(dayBefore, zone), { started: 2, monthToDate: 35 }, acmeLimits),
  ]);
  await fixture.merge('tenant_pipeline_runs', [
    // Today's finished runs last 100 + 1000 + 1000 + 1000 + 4000 ms: the day's average is 1420 ms.
    rows.run(ACME, 'r_fast', 'SUCCEEDED', at(1), 100, { usage_date: today }),
    rows.run(ACME, 'r_norm1', 'SUCCEEDED', at(2), 1000),
    rows.run(ACME, 'r_norm2', 'SUCCEEDED', at(3), 1000),
    rows.run(ACME, 'r_failed', 'FAILED', at(4), 1000, { error_message: 'step load failed' }),
    rows.run(ACME, 'r_slow', 'TIMED_OUT', at(5), 4000),
    rows.run(ACME, 'r_running', 'RUNNING', at(6), null),
    rows.run(ACME, 'r_rejected', 'REJECTED', at(7), null, { started_at: null, status_reason: 'daily limit' }),
    rows.run(ACME, 'r_old', 'SUCCEEDED', dayBefore, 10_000, { usage_date: localDate(dayBefore, zone) }),
    // Another tenant's runs, one of them sharing a run id with acme.
    rows.run(GLOBEX, 'r_fast', 'FAILED', at(1), 50_000),
    rows.run(GLOBEX, 'g_1', 'RUNNING', at(2), null),
  ]);
  await fixture.merge('tenant_step_logs', [
    rows.step(ACME, 'r_failed', 'extract', 1, 'SUCCEEDED', at(4), 200),
    rows.step(ACME, 'r_failed', 'load', 1, 'FAILED', at(5), 300, {
      error_code: 'WAREHOUSE_ERROR',
      error_message: 'UNAVAILABLE: try again',
    }),
    rows.step(ACME, 'r_failed', 'load', 2, 'FAILED', at(6), 400, {
      error_code: 'WAREHOUSE_ERROR',
      error_message: 'UNAVAILABLE: again',
    }),
    // The run was retried: its second attempt's load decides, though its step attempt number is lower.
    rows.step(ACME, 'r_failed', 'load', 1, 'FAILED', at(8), 250, {
      run_attempt: 2,
      error_code: 'WAREHOUSE_ERROR',
      error_message: 'INVALID_QUERY: bad column',
    }),
    rows.step(ACME, 'r_failed', 'notify', 0, 'SKIPPED', at(7), null, { ps_type: null }),
    // A step that failed once and then succeeded is not a failed step.
    rows.step(ACME, 'r_norm1', 'extract', 1, 'FAILED', at(2), 100, {
      error_code: 'WAREHOUSE_ERROR',
      error_message: 'UNAVAILABLE',
    }),
    rows.step(ACME, 'r_norm1', 'extract', 2, 'SUCCEEDED', at(3), 500, { rows_affected: 42, bytes_processed: 1000 }),
    rows.step(ACME, 'r_slow', 'transform', 1, 'TIMED_OUT', at(5), 4000, {
      error_code: 'STEP_TIMEOUT',
      error_message: 'step timed out',
    }),
    // globex's step rows, one under acme's run id: acme's view must not count it.
    rows.step(GLOBEX, 'r_failed', 'load', 1, 'FAILED', at(1), 10, {
      error_code: 'GLOBEX_ERROR',
      error_message: 'globex only',
    }),
    rows.step(GLOBEX, 'r_fast', 'load', 1, 'FAILED', at(1), 10, {
      error_code: 'GLOBEX_ERROR',
      error_message: 'globex only',
    }),
  ]);
  await fixture.merge('tenant_dq_results', [
    rows.dq(ACME, 'r_norm2', 'c1', 'PASS', at(3)),
    rows.dq(ACME, 'r_norm2', 'c2', 'PASS', at(3)),
    rows.dq(ACME, 'r_norm2', 'c3', 'WARNING', at(3)),
    rows.dq(ACME, 'r_fast', 'c1', 'FAIL', at(1)),
    rows.dq(GLOBEX, 'r_norm2', 'c9', 'FAIL', at(3)),
  ]);

  // Quota cases: each holds the conditions of the ones listed after it, so precedence decides.
  await seedQuotaTenant('q_available', 4, 10, 1);
  await seedQuotaTenant('q_concurrent', 4, 10, 2);
  await seedQuotaTenant('q_monthly', 4, 100, 2);
  await seedQuotaTenant('q_daily', 10, 100, 2);
  await seedQuotaTenant('q_daily_only', 12, 50, 0);
  await fixture.merge('tenant_profiles', [rows.profile('q_no_runs', zone, { plan: 'STARTER' })]);
  await fixture.merge('tenant_subscriptions', [
    rows.subscription('q_no_runs', { daily: 5, monthly: 50, concurrent: 1 }, { plan: 'STARTER' }),
  ]);
});

describe('tenant_comprehensive_view', () => {
  it('has the documented columns with their types', async () => {
    const described = await fixture.warehouse().describeTable({ dataset: ACME, table: TENANT_COMPREHENSIVE_VIEW });
    expect(described.type).toBe('VIEW');
    const shape = (
      columns: readonly { name: string; type: string; mode?: string; fields?: readonly unknown[] }[],
    ): unknown =>
      columns.map((c) => ({
        name: c.name,
        type: c.type,
        repeated: c.mode === 'REPEATED',
        fields: c.fields ? shape(c.fields as never) : undefined,
      }));
    expect(shape(described.columns)).toEqual(shape(tenantComprehensiveView.columns));
  });

  it('repeats the tenant, plan, today\'s usage and quota on every run row; "today" is the tenant\'s', async () => {
    const result = await view(ACME);
    expect(result).toHaveLength(8);
    expect(today).not.toBe(now.toISOString().slice(0, 10));
    for (const row of result) {
      expect(row).toMatchObject({
        tenant_id: ACME,
        company_name: `Company ${ACME}`,
        tenant_status: 'ACTIVE',
        plan: 'PROFESSIONAL',
        timezone: zone,
        usage_date: today,
        plan_daily_run_limit: 8,
        plan_monthly_run_limit: 300,
        plan_concurrent_run_limit: 3,
        today_runs_started: 5,
        today_runs_succeeded: 3,
        today_runs_failed: 2,
        today_concurrency_peak: 2,
        month_to_date_runs: 40,
        running_runs: 1,
        daily_run_limit: 8,
        monthly_run_limit: 300,
        concurrent_run_limit: 3,
        quota_status: 'AVAILABLE',
        daily_usage_percent: 62.5,
        monthly_usage_percent: 13.3,
        today_success_rate: 60,
      });
    }
  });

  it("shows none of another tenant's rows, even under a shared run id", async () => {
    const acme = await view(ACME);
    expect(acme.map((row) => row.run_id)).toEqual([
      'r_failed',
      'r_fast',
      'r_norm1',
      'r_norm2',
      'r_old',
      'r_rejected',
      'r_running',
      'r_slow',
    ]);
    expect(JSON.stringify(acme)).not.toContain('globex');
    expect(JSON.stringify(acme)).not.toContain('GLOBEX_ERROR');
    const globex = await view(GLOBEX);
    expect(globex.map((row) => [row.tenant_id, row.run_id, row.run_status])).toEqual([
      [GLOBEX, 'g_1', 'RUNNING'],
      [GLOBEX, 'r_fast', 'FAILED'],
    ]);
    expect(byRun(globex).get('r_fast')).toMatchObject({
      steps_failed: 1,
      dq_checks: 0,
      failed_steps: [{ step_id: 'load', error_code: 'GLOBEX_ERROR' }],
    });
  });

  it("aggregates steps by their latest attempt, with the failed steps' details", async () => {
    const runs = byRun(await view(ACME));
    expect(runs.get('r_failed')).toMatchObject({
      run_status: 'FAILED',
      error_message: 'step load failed',
      steps_total: 3,
      steps_succeeded: 1,
      steps_failed: 1,
      steps_skipped: 1,
      steps_running: 0,
      run_attempts: 1,
      step_attempts: 5,
      total_step_duration_ms: 1150,
      max_step_duration_ms: 400,
      has_errors: true,
      failed_steps: [
        {
          step_id: 'load',
          run_attempt: 2,
          attempt: 1,
          status: 'FAILED',
          error_code: 'WAREHOUSE_ERROR',
          error_message: 'INVALID_QUERY: bad column',
        },
      ],
    });
    expect(runs.get('r_norm1')).toMatchObject({
      steps_total: 1,
      steps_succeeded: 1,
      steps_failed: 0,
      step_attempts: 2,
      total_step_duration_ms: 600,
      total_rows_affected: 42,
      total_bytes_processed: 1000,
      failed_steps: [],
      has_errors: false,
    });
    expect(runs.get('r_slow')).toMatchObject({
      run_status: 'TIMED_OUT',
      steps_failed: 1,
      has_errors: true,
      failed_steps: [{ step_id: 'transform', status: 'TIMED_OUT', error_code: 'STEP_TIMEOUT' }],
    });
    expect(runs.get('r_rejected')).toMatchObject({
      steps_total: 0,
      step_attempts: 0,
      total_step_duration_ms: null,
      failed_steps: [],
      has_errors: false,
      status_reason: 'daily limit',
    });
  });

  it('counts DQ results per run; a FAIL is an error, a WARNING is not', async () => {
    const runs = byRun(await view(ACME));
    expect(runs.get('r_norm2')).toMatchObject({
      dq_checks: 3,
      dq_passed: 2,
      dq_warnings: 1,
      dq_failed: 0,
      has_errors: false,
    });
    expect(runs.get('r_fast')).toMatchObject({
      run_status: 'SUCCEEDED',
      dq_checks: 1,
      dq_passed: 0,
      dq_failed: 1,
      has_errors: true,
    });
    expect(runs.get('r_failed')).toMatchObject({ dq_checks: 0, dq_failed: 0 });
  });

  it('rates each run against its own day: success rate, average duration, SLOW / FAST / NORMAL', async () => {
    const runs = byRun(await view(ACME));
    const todays = ['r_fast', 'r_norm1', 'r_norm2', 'r_failed', 'r_slow', 'r_running', 'r_rejected'];
    for (const runId of todays)
      expect(runs.get(runId)).toMatchObject({
        run_date: today,
        day_runs: 7,
        day_success_rate: 60,
        day_avg_duration_ms: 1420,
      });
    expect(Object.fromEntries(todays.map((runId) => [runId, runs.get(runId)?.performance_status]))).toEqual({
      r_fast: 'FAST',
      r_norm1: 'NORMAL',
      r_norm2: 'NORMAL',
      r_failed: 'NORMAL',
      r_slow: 'SLOW',
      r_running: null,
      r_rejected: null,
    });
    expect(runs.get('r_old')).toMatchObject({
      run_date: localDate(dayBefore, zone),
      day_runs: 1,
      day_success_rate: 100,
      day_avg_duration_ms: 10_000,
      performance_status: 'NORMAL',
    });
  });

  it.each([
    ['q_available', 'AVAILABLE', 40, 10],
    ['q_concurrent', 'CONCURRENT_LIMIT_REACHED', 40, 10],
    ['q_monthly', 'MONTHLY_LIMIT_REACHED', 40, 100],
    ['q_daily', 'DAILY_LIMIT_REACHED', 100, 100],
    ['q_daily_only', 'DAILY_LIMIT_REACHED', 120, 50],
  ])('%s: quota_status %s, daily %s%%, monthly %s%%', async (tenantId, status, daily, monthly) => {
    const result = await view(tenantId);
    expect(result.length).toBeGreaterThan(0);
    for (const row of result)
      expect(row).toMatchObject({
        tenant_id: tenantId,
        quota_status: status,
        daily_usage_percent: daily,
        monthly_usage_percent: monthly,
      });
  });

  it('a tenant without runs has one row: its profile, plan limits and quota, run columns NULL', async () => {
    expect(await view('q_no_runs')).toEqual([
      expect.objectContaining({
        tenant_id: 'q_no_runs',
        plan: 'STARTER',
        usage_date: today,
        plan_daily_run_limit: 5,
        daily_run_limit: 5,
        monthly_run_limit: 50,
        concurrent_run_limit: 1,
        today_runs_started: 0,
        month_to_date_runs: 0,
        running_runs: 0,
        quota_status: 'AVAILABLE',
        daily_usage_percent: 0,
        monthly_usage_percent: 0,
        today_success_rate: null,
        run_id: null,
        run_status: null,
        steps_total: null,
        failed_steps: [],
        has_errors: null,
        performance_status: null,
      }),
    ]);
  });

  it('a tenant nothing is projected for yet still has its row, in UTC, without limits', async () => {
    const before = localDate(new Date(), 'UTC');
    const result = await view('q_nothing');
    const after = localDate(new Date(), 'UTC');
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({
      tenant_id: 'q_nothing',
      company_name: null,
      timezone: 'UTC',
      daily_run_limit: null,
      quota_status: 'AVAILABLE',
      daily_usage_percent: null,
      run_id: null,
    });
    expect([before, after]).toContain(result[0]!.usage_date);
  });
});
