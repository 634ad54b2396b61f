import {
  generateBillingExport,
  sampleTenants,
  SAMPLE_EXPORT_TABLE,
  writeBillingExport,
} from '../../src/local/sample-data';
import type { BillingExport } from '../../src/local/sample-data';
import type { PipelineRunResult } from '../../src/pipelines/executor/execute-pipeline';
import type { DqResultDetail } from '../../src/pipelines/steps/data-quality/result-detail';
import type { Row } from '../../src/warehouse/warehouse';
import { expectedDay, micros } from './support/billing-totals';
import { startLocalWarehouse } from './support/local-warehouse';
import type { LocalWarehouse } from './support/local-warehouse';
import { recordingLifecycle } from './support/recording-lifecycle';
import { runPipeline, shippedPipeline } from './support/run-config';

// configs/gcp/cost/cost_billing.yml end to end: generated billing export → local BigQuery endpoint (DuckDB)
// through the production adapter → billing_cost_daily and the data-quality verdicts of the check step (its
// outcome: what the run's events record), checked against totals this test computes in JS from the generated
// rows. No warehouse double anywhere.
const SEED = 'cost-e2e';
const DAY = '2026-01-02';
const tenants = sampleTenants(3, SEED);
const [alpha, beta] = tenants as [(typeof tenants)[number], (typeof tenants)[number]];
let local: LocalWarehouse;
let data: BillingExport;
/** cost_alpha_1, the first run of the day (its check step's verdicts are read by a later test). */

const cost = async () => shippedPipeline({ provider: 'gcp', domain: 'cost', name: 'cost_billing' });
const params = (t: typeof alpha) => ({
  billing_account_ids: t.billingAccountIds,
  billing_export_table: SAMPLE_EXPORT_TABLE,
});

beforeAll(async () => {
  local = await startLocalWarehouse();
  data = generateBillingExport({ seed: SEED, tenants, startDate: '2026-01-01', days: 3, rowsPerAccountPerDay: 48 });
  await writeBillingExport(local.warehouse, data.rows);
  const setup = { warehouse: local.warehouse, projectId: local.projectId };
  expect((await runPipeline(await shippedPipeline('bootstrap'), { ...setup, runId: 'bootstrap' })).status).toBe(
    'succeeded',
  );
  for (const t of tenants)
    expect(
      (
        await runPipeline(await shippedPipeline('onboarding'), {
          ...setup,
          runId: `onboard_${t.tenantId}`,
          tenantId: t.tenantId,
        })
      ).status,
    ).toBe('succeeded');
});
afterAll(async () => {
  await local?.stop();
});

async function daily(tenantId: string): Promise<Row[]> {
  const r = await local.warehouse.runQuery(
    `SELECT CAST(usage_date AS STRING) AS usage_date, tenant_id, billing_account_id, cost_type, CAST(cost AS STRING) AS cost, CAST(credits_total AS STRING) AS credits_total,
            CAST(net_cost AS STRING) AS net_cost, line_items, row_key, labels, run_id
     FROM \`${local.projectId}.${tenantId}.billing_cost_daily\``,
  );
  return [...r.rows];
}

/** The check step's verdicts, as its StepSucceeded event would carry them. */
const dqVerdicts = (result: PipelineRunResult): readonly DqResultDetail[] =>
  (result.steps.find((s) => s.stepId === 'check_billing_cost_daily')?.output?.details?.dq_results ??
    []) as DqResultDetail[];

const sum = (rows: Row[], column: string): number => rows.reduce((s, r) => s + micros(r[column]), 0);

describe('cost_billing on generated data', () => {
  it("flattens one day of the tenant's accounts with the totals computed from the export rows", async () => {
    const expected = expectedDay(data.rows, alpha.billingAccountIds, DAY);
    expect(expected.lineItems).toBeGreaterThan(30);
    expect(expected.joinedCostMicros).toBeGreaterThan(expected.costMicros); // rows with several credits exist

    const lifecycle = recordingLifecycle();
    const result = await runPipeline(await cost(), {
      warehouse: local.warehouse,
      projectId: local.projectId,
      runId: 'cost_alpha_1',
      tenantId: alpha.tenantId,
      scheduledTime: `${DAY}T06:00:00Z`,
      date: DAY,
      parameters: params(alpha),
      lifecycle,
    });
    expect(result.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['load_billing_cost_daily', 'succeeded'],
      ['check_billing_cost_daily', 'succeeded'],
    ]);
    expect(lifecycle.events.find((e) => e.type === 'started')).toMatchObject({
      jobId: 'cost_alpha_1_load_billing_cost_daily_1',
    });

    const rows = await daily(alpha.tenantId);
    expect(rows).toHaveLength(expected.grains);
    expect(new Set(rows.map((r) => r.usage_date))).toEqual(new Set([DAY]));
    expect(new Set(rows.map((r) => r.tenant_id))).toEqual(new Set([alpha.tenantId]));
    expect([...new Set(rows.map((r) => String(r.billing_account_id)))].sort()).toEqual(expected.accounts);
    expect(rows.reduce((s, r) => s + Number(r.line_items), 0)).toBe(expected.lineItems);
    expect(sum(rows, 'cost')).toBe(expected.costMicros);
    expect(sum(rows, 'credits_total')).toBe(expected.creditsMicros);
    expect(sum(rows, 'net_cost')).toBe(expected.costMicros + expected.creditsMicros);
    for (const [type, total] of Object.entries(expected.byCostType))
      expect(
        sum(
          rows.filter((r) => r.cost_type === type),
          'cost',
        ),
      ).toBe(total);
    expect(Object.keys(expected.byCostType)).toEqual(expect.arrayContaining(['regular', 'tax']));
    expect(rows.some((r) => Array.isArray(r.labels) && r.labels.length > 0)).toBe(true);
  });

  it("reports a data-quality verdict per expectation in the check step's outcome", async () => {
    const checked = await runPipeline(await cost(), {
      warehouse: local.warehouse,
      projectId: local.projectId,
      runId: 'cost_alpha_dq',
      tenantId: alpha.tenantId,
      scheduledTime: `${DAY}T06:00:00Z`,
      date: DAY,
      parameters: params(alpha),
    });
    expect(Object.fromEntries(dqVerdicts(checked).map((r) => [r.check_id, r.result]))).toEqual({
      account_not_null: 'PASS',
      credits_not_positive: 'PASS',
      grain_unique: 'PASS',
      has_rows: 'PASS',
      known_cost_type: 'PASS',
      net_cost_consistent: 'PASS',
      only_tenant_accounts: 'PASS',
      recently_loaded: 'PASS',
    });
  });

  it('re-running the day (a new run) replaces its rows instead of duplicating them', async () => {
    const before = await daily(alpha.tenantId);
    const again = await runPipeline(await cost(), {
      warehouse: local.warehouse,
      projectId: local.projectId,
      runId: 'cost_alpha_2',
      tenantId: alpha.tenantId,
      date: DAY,
      parameters: params(alpha),
    });
    expect(again.status).toBe('succeeded');
    const after = await daily(alpha.tenantId);
    expect(after).toHaveLength(before.length);
    expect(sum(after, 'cost')).toBe(sum(before, 'cost'));
    expect(new Set(after.map((r) => r.run_id))).toEqual(new Set(['cost_alpha_2']));
  });

  it('a re-delivered run resumes after its finished step and re-attaches to jobs it already submitted', async () => {
    const base = {
      warehouse: local.warehouse,
      projectId: local.projectId,
      runId: 'cost_alpha_redelivered',
      tenantId: alpha.tenantId,
      date: DAY,
      parameters: params(alpha),
    };
    // The first delivery runs to the end: its BigQuery jobs exist, under the run's deterministic job ids.
    expect((await runPipeline(await cost(), base)).status).toBe('succeeded');
    const lifecycle = recordingLifecycle();
    const resumed = await runPipeline(await cost(), {
      ...base,
      lifecycle,
      resume: { finished: { load_billing_cost_daily: 'succeeded' } },
    });
    expect(resumed.status).toBe('succeeded');
    expect(lifecycle.of('started')).toEqual(['check_billing_cost_daily']);
    const redelivered = await runPipeline(await cost(), base);
    expect(redelivered.steps[0]?.output?.details).toMatchObject({ reattached: true });
  });

  it("late rows and corrections for the day are picked up by a re-run; other tenants' days are untouched", async () => {
    const other = await runPipeline(await cost(), {
      warehouse: local.warehouse,
      projectId: local.projectId,
      runId: 'cost_beta_1',
      tenantId: beta.tenantId,
      date: DAY,
      parameters: params(beta),
    });
    expect(other.status).toBe('succeeded');
    const betaRows = await daily(beta.tenantId);
    expect(sum(betaRows, 'cost')).toBe(expectedDay(data.rows, beta.billingAccountIds, DAY).costMicros);

    // A correction arrives days later as a new export row (never an update), for one of alpha's accounts.
    const template = data.rows.find(
      (r) =>
        r.billing_account_id === alpha.billingAccountIds[0] &&
        String(r.usage_start_time).startsWith(DAY) &&
        r.cost_type === 'regular',
    ) as Row;
    const correction: Row = {
      ...template,
      cost: -1.25,
      credits: [],
      cost_type: 'adjustment',
      export_time: '2026-01-05T03:00:00Z',
    };
    await writeBillingExport(local.warehouse, [correction]);
    await runPipeline(await cost(), {
      warehouse: local.warehouse,
      projectId: local.projectId,
      runId: 'cost_alpha_3',
      tenantId: alpha.tenantId,
      date: DAY,
      parameters: params(alpha),
    });
    const expected = expectedDay([...data.rows, correction], alpha.billingAccountIds, DAY);
    const rows = await daily(alpha.tenantId);
    expect(sum(rows, 'cost')).toBe(expected.costMicros);
    expect(rows).toHaveLength(expected.grains);
    expect(sum(await daily(beta.tenantId), 'cost')).toBe(sum(betaRows, 'cost'));
  });

  it('a tenant without matching accounts gets no rows, and the DQ warning says so', async () => {
    const gamma = tenants[2] as (typeof tenants)[number];
    const result = await runPipeline(await cost(), {
      warehouse: local.warehouse,
      projectId: local.projectId,
      runId: 'cost_gamma_none',
      tenantId: gamma.tenantId,
      date: DAY,
      parameters: { ...params(gamma), billing_account_ids: ['000000-000000-000000'] },
    });
    expect(result.status).toBe('succeeded');
    expect(await daily(gamma.tenantId)).toEqual([]);
    expect(
      dqVerdicts(result)
        .filter((r) => r.check_id === 'has_rows')
        .map((r) => r.result),
    ).toEqual(['WARNING']);
  });
});
