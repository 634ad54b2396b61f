import { executePipeline } from '../../src/pipelines/executor/execute-pipeline';
import type { PipelineRunResult } from '../../src/pipelines/executor/execute-pipeline';
import { defaultStepRegistry, defaultTableCatalog } from '../../src/pipelines/steps/default-registry';
import type { TableCatalog } from '../../src/pipelines/steps/table-catalog';
import type { DqResultDetail } from '../../src/pipelines/steps/data-quality/result-detail';
import { CENTRAL_DATASET } from '../../src/warehouse/tables';
import type { TableDefinition } from '../../src/warehouse/warehouse';
import { fakeClock } from './support/fake-clock';
import { startLocalWarehouse } from './support/local-warehouse';
import type { LocalWarehouse } from './support/local-warehouse';
import { pipelineFrom } from './support/pipelines';
import { recordingLifecycle } from './support/recording-lifecycle';

// Every expectation passing and failing, evaluated by the real adapter on the local BigQuery endpoint.
const TENANT = 'dq_tenant';
const fixture: TableDefinition = {
  name: 'dq_fixture',
  description: 'data-quality fixture',
  columns: [
    { name: 'id', type: 'INT64', mode: 'REQUIRED' },
    { name: 'name', type: 'STRING' },
    { name: 'amount', type: 'FLOAT64' },
    { name: 'status', type: 'STRING' },
    { name: 'updated_at', type: 'TIMESTAMP' },
    { name: 'day', type: 'DATE', mode: 'REQUIRED' },
  ],
};
const tables: TableCatalog = { ...defaultTableCatalog, tenantTables: [...defaultTableCatalog.tenantTables, fixture] };
const NOW = '2026-01-01T12:00:00Z';

let local: LocalWarehouse;
beforeAll(async () => {
  local = await startLocalWarehouse();
  await local.warehouse.ensureDataset(TENANT);
  await local.warehouse.ensureTable(TENANT, fixture);
  await local.warehouse.appendRows(TENANT, fixture, [
    { id: 1, name: 'a', amount: 10, status: 'open', updated_at: '2026-01-01T11:00:00Z', day: '2026-01-01' },
    { id: 2, name: 'b', amount: 20, status: 'closed', updated_at: '2026-01-01T10:00:00Z', day: '2026-01-01' },
    { id: 3, name: 'c', amount: 30, status: 'open', updated_at: '2026-01-01T09:00:00Z', day: '2026-01-01' },
    // The next day holds one row that breaks every expectation; filters decide whether it is seen.
    { id: 3, name: null, amount: -5, status: 'bogus', updated_at: '2025-12-01T00:00:00Z', day: '2026-01-02' },
  ]);
});
afterAll(async () => {
  await local?.stop();
});

const expectations = (severity: string, bounds: { count: string; age: number }) => `
        - { id: name_not_null, type: not_null, column: name, severity: ${severity} }
        - { id: id_unique, type: unique, columns: [id], severity: ${severity} }
        - { id: row_count, type: row_count_between, ${bounds.count}, severity: ${severity} }
        - { id: status_known, type: values_in_set, column: status, values: [open, closed], severity: ${severity} }
        - { id: amount_range, type: column_values_between, column: amount, min: 0, max: 100, severity: ${severity} }
        - { id: fresh, type: freshness, column: updated_at, max_age_hours: ${bounds.age}, severity: ${severity} }
        - id: no_negative
          type: custom_sql
          severity: ${severity}
          sql: SELECT id FROM \`{project_id}.{tenant_dataset}.dq_fixture\` WHERE day >= @date AND amount < 0`;

const dqYaml = (where: string, body: string) => `
pipeline_id: dq_test
version: 1
steps:
  - step_id: check
    ps_type: gcp.data_quality
    retry: { attempts: 3 }
    dq_config:
      table: dq_fixture
      where: ${where}
      expectations:${body}
`;

/** The verdicts as the step reported them: in its success details, or in its failure's details (they reach the run's events). */
async function run(
  runId: string,
  yaml: string,
): Promise<{ result: PipelineRunResult; results: DqResultDetail[]; lifecycle: ReturnType<typeof recordingLifecycle> }> {
  const lifecycle = recordingLifecycle();
  const pipeline = pipelineFrom(yaml, defaultStepRegistry, tables);
  const result = await executePipeline(
    {
      pipeline,
      run: {
        pipelineId: 'dq_test',
        runId,
        projectId: local.projectId,
        centralDataset: CENTRAL_DATASET,
        scheduledTime: '2026-01-01T06:00:00Z',
        tenantId: TENANT,
      },
    },
    { registry: defaultStepRegistry, lifecycle, clock: fakeClock(NOW), warehouse: local.warehouse, tables },
  );
  const finished = lifecycle.events.filter((e) => e.type === 'succeeded' || (e.type === 'failed' && !e.willRetry));
  expect(finished).toHaveLength(1);
  const details = finished[0]?.type === 'succeeded' || finished[0]?.type === 'failed' ? finished[0].details : undefined;
  const results = [...((details?.dq_results ?? []) as DqResultDetail[])].sort((a, b) =>
    a.check_id.localeCompare(b.check_id),
  );
  return { result, results, lifecycle };
}

const verdicts = (rows: readonly DqResultDetail[]) => Object.fromEntries(rows.map((r) => [r.check_id, r.result]));

describe('gcp.data_quality', () => {
  it('every expectation passes on clean data and is recorded as PASS', async () => {
    const { result, results } = await run(
      'dq_pass',
      dqYaml(
        'day = @date',
        expectations('critical', { count: 'min: 3, max: 3', age: 4 }).replace('day >= @date', 'day = @date'),
      ),
    );
    expect(result.status).toBe('succeeded');
    expect(verdicts(results)).toEqual({
      amount_range: 'PASS',
      fresh: 'PASS',
      id_unique: 'PASS',
      name_not_null: 'PASS',
      no_negative: 'PASS',
      row_count: 'PASS',
      status_known: 'PASS',
    });
    expect(
      results.every(
        (r) =>
          r.target_table === `${TENANT}.dq_fixture` &&
          r.severity === 'critical' &&
          r.checked_at === new Date(NOW).toISOString(),
      ),
    ).toBe(true);
    expect(results.map((r) => r.expectation_type).sort()).toEqual([
      'column_values_between',
      'custom_sql',
      'freshness',
      'not_null',
      'row_count_between',
      'unique',
      'values_in_set',
    ]);
    expect(results.find((r) => r.check_id === 'id_unique')).toMatchObject({
      column: 'id',
      expected: 'unique (id)',
      failing_rows: 0,
      job_id: 'dq_pass_check_1_dq2',
    });
    expect(result.steps[0]?.output?.details).toMatchObject({ passed: 7, warnings: 0, failed: 0 });
  });

  it('every expectation fails on the bad row; warnings are recorded but do not fail the step', async () => {
    const { result, results } = await run(
      'dq_warn',
      dqYaml('day >= @date', expectations('warning', { count: 'max: 3', age: 0.5 })),
    );
    expect(result.status).toBe('succeeded');
    expect(verdicts(results)).toEqual({
      amount_range: 'WARNING',
      fresh: 'WARNING',
      id_unique: 'WARNING',
      name_not_null: 'WARNING',
      no_negative: 'WARNING',
      row_count: 'WARNING',
      status_known: 'WARNING',
    });
    expect(Object.fromEntries(results.map((r) => [r.check_id, r.failing_rows]))).toEqual({
      amount_range: 1,
      fresh: null,
      id_unique: 2,
      name_not_null: 1,
      no_negative: 1,
      row_count: null,
      status_known: 1,
    });
    expect(result.steps[0]?.output?.details).toMatchObject({ passed: 0, warnings: 7, failed: 0 });
    expect(results.find((r) => r.check_id === 'row_count')).toMatchObject({
      observed: '4 rows',
      expected: 'row count in [-∞, 3]',
      column: null,
    });
  });

  it('a failing critical expectation fails the step without retrying; info failures are warnings', async () => {
    const yaml = dqYaml(
      'day >= @date',
      `
        - { id: status_known, type: values_in_set, column: status, values: [open, closed], severity: critical }
        - { id: name_not_null, type: not_null, column: name, severity: info }
        - { id: amount_range, type: column_values_between, column: amount, min: -10, severity: critical }`,
    );
    const { result, results, lifecycle } = await run('dq_fail', yaml);
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('DQ_CRITICAL_FAILURE');
    expect(result.error?.message).toContain('status_known');
    expect(result.steps[0]?.attempts).toBe(1);
    expect(lifecycle.events.filter((e) => e.type === 'started')).toHaveLength(1);
    // The failure carries every verdict, not only the failing one: the StepFailed event gets them all.
    expect(verdicts(results)).toEqual({ amount_range: 'PASS', name_not_null: 'WARNING', status_known: 'FAIL' });
    expect(lifecycle.events.find((e) => e.type === 'failed')).toMatchObject({
      code: 'DQ_CRITICAL_FAILURE',
      willRetry: false,
      details: { passed: 1, warnings: 1, failed: 1 },
    });
    expect(results.find((r) => r.check_id === 'status_known')).toMatchObject({
      severity: 'critical',
      failing_rows: 1,
      column: 'status',
    });
  });

  it("writes no table itself (the verdicts reach the warehouse through the run's events) and bounds its texts", async () => {
    const yaml = dqYaml(
      'day = @date',
      `
        - { id: row_count, type: row_count_between, min: 1, description: "${'x'.repeat(2000)}" }`,
    );
    const { result, results } = await run('dq_no_write', yaml);
    // No central dataset exists in this endpoint: a step that still wrote tenant_dq_results would fail.
    await expect(
      local.warehouse.describeTable({ dataset: CENTRAL_DATASET, table: 'tenant_dq_results' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(result.status).toBe('succeeded');
    expect(results).toHaveLength(1);
    expect(results[0]?.description).toHaveLength(500);
  });
});
