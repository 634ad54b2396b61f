import { CENTRAL_DATASET } from '../../src/warehouse/tables';
import {
  TENANT_PIPELINE_EXECUTION_VIEW,
  ensureCentralViews,
  tenantPipelineExecutionView,
} from '../../src/warehouse/views';
import { rows, useViewFixture } from './support/view-fixture';

// The cross-tenant run × step view on constructed central rows, through the production adapter.
const fixture = useViewFixture();
const start = new Date('2026-03-02T08:00:00Z');
const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);

beforeAll(async () => {
  expect(await ensureCentralViews(fixture.warehouse(), CENTRAL_DATASET)).toEqual([TENANT_PIPELINE_EXECUTION_VIEW]);
  await fixture.merge('tenant_pipeline_runs', [
    rows.run('acme_corp', 'a_1', 'FAILED', at(0), 5000, {
      error_message: 'load failed',
      correlation_id: 'corr-a1',
      attempts: 2,
    }),
    rows.run('acme_corp', 'a_2', 'QUEUED', at(10), null, { started_at: null }),
    rows.run('globex_inc', 'g_1', 'SUCCEEDED', at(20), 700, { usage_date: '2026-03-02' }),
  ]);
  await fixture.merge('tenant_step_logs', [
    rows.step('acme_corp', 'a_1', 'extract', 1, 'SUCCEEDED', at(1), 1000, {
      rows_affected: 10,
      bigquery_job_id: 'a_1_extract_1',
    }),
    rows.step('acme_corp', 'a_1', 'load', 1, 'FAILED', at(2), 1500, {
      error_code: 'WAREHOUSE_ERROR',
      error_message: 'UNAVAILABLE',
    }),
    rows.step('acme_corp', 'a_1', 'load', 2, 'FAILED', at(4), 1200, {
      error_code: 'WAREHOUSE_ERROR',
      error_message: 'INVALID_QUERY',
    }),
    rows.step('acme_corp', 'a_1', 'load', 1, 'FAILED', at(6), 900, {
      run_attempt: 2,
      error_code: 'WAREHOUSE_ERROR',
      error_message: 'still failing',
    }),
    rows.step('globex_inc', 'g_1', 'extract', 1, 'SUCCEEDED', at(21), 600, { step_name: 'Extract' }),
    // A step row under another tenant's run id joins only its own tenant's run (globex has no run a_1).
    rows.step('globex_inc', 'a_1', 'stray', 1, 'FAILED', at(22), 1),
  ]);
});

async function viewRows() {
  return fixture.query(
    `SELECT * FROM \`${fixture.projectId()}.${CENTRAL_DATASET}.${TENANT_PIPELINE_EXECUTION_VIEW}\` ORDER BY tenant_id, run_id, step_id, run_attempt, attempt`,
  );
}

describe('tenant_pipeline_execution_view', () => {
  it('has the documented columns with their types', async () => {
    const described = await fixture
      .warehouse()
      .describeTable({ dataset: CENTRAL_DATASET, table: TENANT_PIPELINE_EXECUTION_VIEW });
    expect(described.type).toBe('VIEW');
    expect(described.columns.map((c) => [c.name, c.type])).toEqual(
      tenantPipelineExecutionView.columns.map((c) => [c.name, c.type]),
    );
  });

  it('has one row per step attempt with its run, and one row for a run without steps', async () => {
    const result = await viewRows();
    expect(
      result.map((r) => [
        r.tenant_id,
        r.run_id,
        r.run_status,
        r.step_id,
        r.run_attempt,
        r.attempt,
        r.step_status,
        r.is_latest_attempt,
      ]),
    ).toEqual([
      ['acme_corp', 'a_1', 'FAILED', 'extract', 1, 1, 'SUCCEEDED', true],
      ['acme_corp', 'a_1', 'FAILED', 'load', 1, 1, 'FAILED', false],
      ['acme_corp', 'a_1', 'FAILED', 'load', 1, 2, 'FAILED', false],
      ['acme_corp', 'a_1', 'FAILED', 'load', 2, 1, 'FAILED', true],
      ['acme_corp', 'a_2', 'QUEUED', null, null, null, null, null],
      ['globex_inc', 'g_1', 'SUCCEEDED', 'extract', 1, 1, 'SUCCEEDED', true],
    ]);
  });

  it('carries the run and step details side by side', async () => {
    const result = await viewRows();
    expect(result[0]).toMatchObject({
      pipeline_id: 'gcp/cost/cost_billing',
      trigger_type: 'MANUAL',
      run_duration_ms: 5000,
      run_error_message: 'load failed',
      correlation_id: 'corr-a1',
      ps_type: 'gcp.bq_etl',
      step_duration_ms: 1000,
      rows_affected: 10,
      bigquery_job_id: 'a_1_extract_1',
      step_error_code: null,
    });
    const instant = (value: unknown) => Date.parse(String(value));
    expect([result[0]!.run_started_at, result[0]!.run_finished_at, result[0]!.step_started_at].map(instant)).toEqual(
      [at(0), at(5), at(1)].map((d) => d.getTime()),
    );
    expect(result[2]).toMatchObject({
      step_error_code: 'WAREHOUSE_ERROR',
      step_error_message: 'INVALID_QUERY',
      step_duration_ms: 1200,
    });
    expect(result[3]).toMatchObject({ run_attempts: 2, step_error_message: 'still failing' });
    expect(result[4]).toMatchObject({
      run_started_at: null,
      run_duration_ms: null,
      step_name: null,
      step_duration_ms: null,
    });
    expect(result[5]).toMatchObject({ step_name: 'Extract', run_duration_ms: 700, usage_date: '2026-03-02' });
  });
});
