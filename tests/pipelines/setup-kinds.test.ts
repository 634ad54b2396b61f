import { CENTRAL_DATASET, centralTables, tenantTables } from '../../src/warehouse/tables';
import type { TableChecksum } from '../../src/warehouse/warehouse';
import { startLocalWarehouse } from './support/local-warehouse';
import type { LocalWarehouse } from './support/local-warehouse';
import { runPipeline, shippedPipeline } from './support/run-config';

// The shipped setup pipelines (configs/setup/…) against the real adapter on the local BigQuery endpoint. Each
// describe has a warehouse of its own, brought to the state its title names, so any order passes.
let local: LocalWarehouse;
function onAWarehouseOfItsOwn(prepare: () => Promise<void> = async () => {}): void {
  beforeAll(async () => {
    local = await startLocalWarehouse();
    await prepare();
  });
  afterAll(async () => {
    await local?.stop();
  });
}

const run = async (which: 'bootstrap' | 'onboarding' | 'dryrun', runId: string, tenantId?: string) =>
  runPipeline(await shippedPipeline(which), {
    warehouse: local.warehouse,
    projectId: local.projectId,
    runId,
    ...(tenantId ? { tenantId } : {}),
  });

function sampleValue(type: string): unknown {
  if (type === 'TIMESTAMP') return '2026-01-03T06:00:00Z';
  if (type === 'DATE') return '2026-01-03';
  if (type === 'INT64' || type === 'FLOAT64' || type === 'NUMERIC') return 1;
  if (type === 'BOOL') return true;
  if (type === 'JSON') return '{}';
  return 'x';
}

async function checksums(): Promise<Record<string, TableChecksum>> {
  const out: Record<string, TableChecksum> = {};
  for (const t of centralTables)
    out[`${CENTRAL_DATASET}.${t.name}`] = await local.warehouse.checksumTable({
      dataset: CENTRAL_DATASET,
      table: t.name,
    });
  for (const t of tenantTables)
    out[`acme_corp.${t.name}`] = await local.warehouse.checksumTable({ dataset: 'acme_corp', table: t.name });
  return out;
}

describe('given an empty warehouse', () => {
  onAWarehouseOfItsOwn();

  it('bootstrap creates the central dataset and every central table, and is idempotent', async () => {
    const first = await run('bootstrap', 'boot_1');
    expect(first.status).toBe('succeeded');
    for (const t of centralTables)
      expect(await local.warehouse.tableExists({ dataset: CENTRAL_DATASET, table: t.name })).toBe(true);
    expect(first.steps[0]?.output?.details).toMatchObject({ datasetCreated: true, tables: centralTables.length });
    const again = await run('bootstrap', 'boot_2');
    expect(again.status).toBe('succeeded');
    expect(again.steps[0]?.output?.details).toMatchObject({
      datasetCreated: false,
      tablesCreated: [],
      tablesExisting: centralTables.map((t) => t.name),
      tablesRecreated: [],
    });
  });

  it('a dry run before onboarding fails, naming what is missing', async () => {
    const result = await run('dryrun', 'dry_before', 'acme_corp');
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('SETUP_CHECK_FAILED');
    expect(result.error?.message).toContain('dataset acme_corp is missing');
  });
});

describe('given a bootstrapped warehouse', () => {
  onAWarehouseOfItsOwn(async () => {
    expect((await run('bootstrap', 'boot_0')).status).toBe('succeeded');
  });

  it('bootstrap with force_recreate_tables drops and re-creates every central table, emptying it', async () => {
    const table = centralTables[0]!;
    await local.warehouse.appendRows(CENTRAL_DATASET, table, [
      Object.fromEntries(table.columns.filter((c) => c.mode === 'REQUIRED').map((c) => [c.name, sampleValue(c.type)])),
    ]);
    expect((await local.warehouse.checksumTable({ dataset: CENTRAL_DATASET, table: table.name })).rows).toBe(1);
    const forced = await runPipeline(await shippedPipeline('bootstrap'), {
      warehouse: local.warehouse,
      projectId: local.projectId,
      runId: 'boot_f2',
      parameters: { force_recreate_tables: true },
    });
    expect(forced.status).toBe('succeeded');
    expect(forced.steps[0]?.output?.details).toMatchObject({
      tablesCreated: [],
      tablesExisting: [],
      tablesRecreated: centralTables.map((t) => t.name),
    });
    expect((await local.warehouse.checksumTable({ dataset: CENTRAL_DATASET, table: table.name })).rows).toBe(0);
  });

  it('onboarding creates the tenant dataset, tables, validation rows and view, then verifies them', async () => {
    const result = await run('onboarding', 'onboard_1', 'acme_corp');
    expect(result.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['onboard', 'succeeded'],
      ['verify', 'succeeded'],
    ]);
    for (const t of tenantTables)
      expect(await local.warehouse.tableExists({ dataset: 'acme_corp', table: t.name })).toBe(true);
    const validation = await local.warehouse.runQuery(
      `SELECT check_name, status, tenant_id FROM \`${local.projectId}.acme_corp.onboarding_validation_test\` WHERE validation_id = @id ORDER BY check_name`,
      { params: { id: 'onboard_1' } },
    );
    expect(validation.rows).toEqual([
      { check_name: 'dataset_read', status: 'PASS', tenant_id: 'acme_corp' },
      { check_name: 'dataset_write', status: 'PASS', tenant_id: 'acme_corp' },
      { check_name: 'view_create', status: 'PASS', tenant_id: 'acme_corp' },
    ]);
    expect(
      (await local.warehouse.describeTable({ dataset: 'acme_corp', table: 'tenant_comprehensive_view' })).type,
    ).toBe('VIEW');
    const view = await local.warehouse.runQuery(
      `SELECT tenant_id FROM \`${local.projectId}.acme_corp.tenant_comprehensive_view\``,
    );
    expect(view.rows).toEqual([{ tenant_id: 'acme_corp' }]);
    // Re-running onboarding is harmless: same rows, no duplicates.
    expect((await run('onboarding', 'onboard_1', 'acme_corp')).status).toBe('succeeded');
    const count = await local.warehouse.runQuery(
      `SELECT COUNT(*) AS n FROM \`${local.projectId}.acme_corp.onboarding_validation_test\``,
    );
    expect(count.rows[0]?.n).toBe(3);
  });
});

describe('given a bootstrapped warehouse with acme_corp onboarded', () => {
  onAWarehouseOfItsOwn(async () => {
    expect((await run('bootstrap', 'boot_0')).status).toBe('succeeded');
    expect((await run('onboarding', 'onboard_0', 'acme_corp')).status).toBe('succeeded');
  });

  it('a dry run passes every check and writes nothing', async () => {
    const before = await checksums();
    const result = await run('dryrun', 'dry_after', 'acme_corp');
    expect(result.status).toBe('succeeded');
    const checks = (result.steps[0]?.output?.details as { checks: { check_id: string; status: string }[] }).checks;
    expect(checks.length).toBe(1 + centralTables.length + 1 + tenantTables.length + 1);
    expect(checks.every((c) => c.status === 'PASS')).toBe(true);
    expect(await checksums()).toEqual(before);
  });
});
