import { executePipeline } from '../../src/pipelines/executor/execute-pipeline';
import type { PipelineRunResult } from '../../src/pipelines/executor/execute-pipeline';
import { systemClock } from '../../src/pipelines/executor/clock';
import { noLifecycle } from '../../src/pipelines/executor/lifecycle';
import { defaultStepRegistry } from '../../src/pipelines/steps/default-registry';
import type { TableCatalog } from '../../src/pipelines/steps/table-catalog';
import type { RunIdentity } from '../../src/pipelines/variables/resolve-variables';
import type { Row, TableDefinition } from '../../src/warehouse/warehouse';
import { pipelineFrom } from './support/pipelines';
import { startLocalWarehouse } from './support/local-warehouse';
import type { LocalWarehouse } from './support/local-warehouse';

// gcp.bq_etl write modes, end to end: the production adapter against the local BigQuery endpoint.
const TENANT = 'etl_tenant';
const col = (
  name: string,
  type: TableDefinition['columns'][number]['type'],
  mode: 'REQUIRED' | 'NULLABLE' = 'NULLABLE',
) => ({ name, type, mode });
const daily: TableDefinition = {
  name: 'daily_fixture',
  description: 'test destination',
  columns: [
    col('tenant_id', 'STRING', 'REQUIRED'),
    col('day', 'DATE', 'REQUIRED'),
    col('k', 'STRING', 'REQUIRED'),
    col('v', 'INT64'),
    col('note', 'STRING'),
  ],
  partitionBy: { column: 'day' },
  keyColumns: ['day', 'k'],
};
const source: TableDefinition = { ...daily, name: 'src_fixture', partitionBy: undefined };
const tables: TableCatalog = { centralDataset: 'tenants', centralTables: [], tenantTables: [daily, source] };

let local: LocalWarehouse;
beforeAll(async () => {
  local = await startLocalWarehouse();
  await local.warehouse.ensureDataset(TENANT);
  await local.warehouse.ensureTable(TENANT, source);
  await local.warehouse.appendRows(TENANT, source, [
    { tenant_id: TENANT, day: '2026-01-01', k: 'a', v: 1, note: null },
    { tenant_id: TENANT, day: '2026-01-01', k: 'b', v: 2, note: 'x' },
    { tenant_id: TENANT, day: '2026-01-02', k: 'a', v: 10, note: null },
  ]);
});
afterAll(async () => {
  await local?.stop();
});

const etlYaml = (table: string, writeMode: string, extra = '') => `
pipeline_id: etl_test
version: 1
parameters:
  note_filter: { type: string, set_by: tenant, default: "" }
steps:
  - step_id: load
    ps_type: gcp.bq_etl
    source:
      query: |
        SELECT @tenant_id AS tenant_id, day, k, v, note
        FROM \`{project_id}.{tenant_dataset}.src_fixture\`
        WHERE day = {date} AND (@note_filter = '' OR note = @note_filter)
    destination: { dataset_type: tenant, table: ${table}, schema_template: daily_fixture, write_mode: ${writeMode}${extra} }
`;

let runs = 0;
async function run(yaml: string, overrides: Partial<RunIdentity> = {}): Promise<PipelineRunResult> {
  runs += 1;
  const pipeline = pipelineFrom(yaml, defaultStepRegistry, tables);
  const identity: RunIdentity = {
    pipelineId: 'etl_test',
    runId: `etl_run_${runs}`,
    projectId: local.projectId,
    centralDataset: 'tenants',
    scheduledTime: '2026-01-01T06:00:00Z',
    tenantId: TENANT,
    ...overrides,
  };
  return executePipeline(
    { pipeline, run: identity },
    { registry: defaultStepRegistry, lifecycle: noLifecycle, clock: systemClock, warehouse: local.warehouse, tables },
  );
}

async function rows(table: string): Promise<Row[]> {
  const result = await local.warehouse.runQuery(
    `SELECT tenant_id, CAST(day AS STRING) AS day, k, v, note FROM \`${local.projectId}.${TENANT}.${table}\` ORDER BY tenant_id, day, k, v`,
  );
  return [...result.rows];
}

describe('gcp.bq_etl write modes', () => {
  it('append inserts the query rows (a new run adds them again); the table is created from its definition', async () => {
    expect((await run(etlYaml('appended', 'append'))).status).toBe('succeeded');
    expect(await rows('appended')).toEqual([
      { tenant_id: TENANT, day: '2026-01-01', k: 'a', v: 1, note: null },
      { tenant_id: TENANT, day: '2026-01-01', k: 'b', v: 2, note: 'x' },
    ]);
    await run(etlYaml('appended', 'append'));
    expect(await rows('appended')).toHaveLength(4);
  });

  it('a re-delivered run attaches to its job instead of submitting it again', async () => {
    const first = await run(etlYaml('redelivered', 'append'), { runId: 'etl_fixed_run' });
    const again = await run(etlYaml('redelivered', 'append'), { runId: 'etl_fixed_run' });
    expect(first.steps[0]?.output?.jobIds).toEqual(['etl_fixed_run_load_1']);
    expect(first.steps[0]?.output?.details).toMatchObject({ reattached: false });
    expect(again.steps[0]?.output?.details).toMatchObject({ reattached: true });
    expect(await rows('redelivered')).toHaveLength(2);
  });

  it('merge: re-running a day updates instead of duplicating, NULL keys included', async () => {
    const yaml = etlYaml('merged', 'merge', ', merge_keys: [day, k, note]');
    await run(yaml);
    await run(yaml);
    await run(yaml, { date: '2026-01-02' });
    expect(await rows('merged')).toEqual([
      { tenant_id: TENANT, day: '2026-01-01', k: 'a', v: 1, note: null },
      { tenant_id: TENANT, day: '2026-01-01', k: 'b', v: 2, note: 'x' },
      { tenant_id: TENANT, day: '2026-01-02', k: 'a', v: 10, note: null },
    ]);
    await local.warehouse.runQuery(`UPDATE \`${local.projectId}.${TENANT}.src_fixture\` SET v = 5 WHERE k = 'b'`);
    await run(yaml);
    expect((await rows('merged')).find((r) => r.k === 'b')?.v).toBe(5);
    await local.warehouse.runQuery(`UPDATE \`${local.projectId}.${TENANT}.src_fixture\` SET v = 2 WHERE k = 'b'`);
  });

  it("overwrite replaces the run's day for the run's tenant only", async () => {
    const yaml = etlYaml('overwritten', 'overwrite');
    await local.warehouse.ensureTable(TENANT, { ...daily, name: 'overwritten' });
    await local.warehouse.appendRows(TENANT, { ...daily, name: 'overwritten' }, [
      { tenant_id: TENANT, day: '2026-01-01', k: 'stale', v: 99, note: null },
      { tenant_id: TENANT, day: '2025-12-31', k: 'other_day', v: 7, note: null },
      { tenant_id: 'other_tenant', day: '2026-01-01', k: 'other_tenant', v: 8, note: null },
    ]);
    await run(yaml);
    await run(yaml);
    expect(await rows('overwritten')).toEqual([
      { tenant_id: TENANT, day: '2025-12-31', k: 'other_day', v: 7, note: null },
      { tenant_id: TENANT, day: '2026-01-01', k: 'a', v: 1, note: null },
      { tenant_id: TENANT, day: '2026-01-01', k: 'b', v: 2, note: 'x' },
      { tenant_id: 'other_tenant', day: '2026-01-01', k: 'other_tenant', v: 8, note: null },
    ]);
  });
});

describe('injection', () => {
  const INJECTION = "2026-01-01' OR '1'='1";

  it('a malicious date fails validation before any job', async () => {
    const result = await run(etlYaml('injected_date', 'append'), { date: INJECTION });
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('VARIABLES_INVALID');
    expect(await local.warehouse.tableExists({ dataset: TENANT, table: 'injected_date' })).toBe(false);
  });

  it('the same text as a string parameter is bound as a value: it matches nothing and changes nothing', async () => {
    const result = await run(etlYaml('injected_param', 'append'), { parameters: { note_filter: "x' OR '1'='1" } });
    expect(result.status).toBe('succeeded');
    expect(await rows('injected_param')).toEqual([]);
    const benign = await run(etlYaml('injected_param', 'append'), { parameters: { note_filter: 'x' } });
    expect(benign.status).toBe('succeeded');
    expect(await rows('injected_param')).toEqual([{ tenant_id: TENANT, day: '2026-01-01', k: 'b', v: 2, note: 'x' }]);
  });
});
