import { userInfo } from 'node:os';
import { SYSTEM_STREAM_ID } from '../../src/domain/streams';
import { centralTable, centralTables } from '../../src/warehouse/tables';
import { runCliCaptured } from '../cli/support/run-cli-captured';
import { loadSchemaValidationConfig, type ExpectedTable } from '../configs/schemas/load-schema-validation-config';
import { tableMismatches } from '../configs/schemas/table-mismatches';
import { onASystemOfItsOwn as onASystemOfItsOwnService, type TestService } from '../support/service';

let service: TestService;
const onASystemOfItsOwn = (given?: () => Promise<void>) =>
  onASystemOfItsOwnService((started) => (service = started), given);

const bootstrapped = async () => {
  expect((await runCliCaptured(['bootstrap'], service.ctx)).code).toBe(0);
};
const keptRow = async () => {
  const now = new Date().toISOString();
  await service.ctx.warehouse.appendRows(schema.central_dataset, centralTable('tenant_profiles'), [
    {
      tenant_id: 'kept_tenant',
      company_name: 'Kept Ltd',
      status: 'ACTIVE',
      plan: 'STARTER',
      dataset_id: 'kept_tenant',
      billing_account_ids: [],
      created_at: now,
      source_revision: 1,
      source_stream_id: 'tenant-kept_tenant',
      source_event_id: 'e1',
      updated_at: now,
    },
  ]);
};

const schema = loadSchemaValidationConfig();
const tableNames = schema.central_tables.map((table) => table.table);
const profiles = { dataset: schema.central_dataset, table: 'tenant_profiles' };

/** Each central table's differences from the schema config, keyed by table: `{}` when every table matches. */
async function centralSchemaMismatches(): Promise<Record<string, string[]>> {
  const mismatches: Record<string, string[]> = {};
  for (const expected of schema.central_tables) {
    const problems = tableMismatches(
      expected,
      await service.ctx.warehouse.describeTable({ dataset: schema.central_dataset, table: expected.table }),
    );
    if (problems.length > 0) mismatches[expected.table] = problems;
  }
  return mismatches;
}

const tableLine = (action: string, table: string) => new RegExp(`^ {2}${action} +${table}$`, 'm');

describe('the schema config', () => {
  it('lists exactly the central tables the service defines', () => {
    expect([...tableNames].sort()).toEqual(centralTables.map((table) => table.name).sort());
    expect(tableNames).toHaveLength(12);
  });
});

describe('given a system never bootstrapped', () => {
  onASystemOfItsOwn();

  it('bootstrap creates the central dataset and every central table, each as the schema config describes it', async () => {
    const run = await runCliCaptured(['bootstrap'], service.ctx);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(
      /^System bootstrapped: dataset tenants created, schema version 1, 4 event-log partitions$/m,
    );
    for (const table of tableNames) expect(run.stdout).toMatch(tableLine('created', table));
    expect(run.stdout).toContain('12 created, 0 already existed, 0 re-created');

    expect(await centralSchemaMismatches()).toEqual({});
    const system = await service.ctx.store.readStream(SYSTEM_STREAM_ID);
    expect(system.events.map((event) => [event.type, event.meta.actor])).toEqual([
      ['SystemBootstrapped', `cli:${userInfo().username}`],
    ]);
  });
});

describe('given a bootstrapped system', () => {
  onASystemOfItsOwn(bootstrapped);
  it('the schema comparison notices a changed type, mode, column order, RECORD field, partitioning or clustering', async () => {
    const expected = schema.central_tables.find((table) => table.table === 'tenant_profiles') as ExpectedTable;
    const actual = await service.ctx.warehouse.describeTable(profiles);
    expect(tableMismatches(expected, actual)).toEqual([]);
    const [first, second, ...rest] = expected.columns;
    if (!first || !second) throw new Error('tenant_profiles has columns');
    const wrong = (change: Partial<ExpectedTable>) => tableMismatches({ ...expected, ...change }, actual);
    expect(wrong({ columns: [{ ...first, type: 'INT64' }, second, ...rest] })).toEqual([
      'tenant_id: type STRING, expected INT64',
    ]);
    expect(wrong({ columns: [{ ...first, mode: 'NULLABLE' }, second, ...rest] })).toEqual([
      'tenant_id: mode REQUIRED, expected NULLABLE',
    ]);
    expect(wrong({ columns: [second, first, ...rest] })).toEqual([
      expect.stringMatching(/^columns: \[tenant_id, company_name, .*expected \[company_name, tenant_id, /),
    ]);
    expect(
      wrong({ columns: [{ ...first, fields: [{ name: 'x', type: 'STRING', mode: 'NULLABLE' }] }, second, ...rest] }),
    ).toEqual(['tenant_id.: [], expected [x]']);
    expect(wrong({ partition_column: 'updated_at' })).toEqual(['partitioned by created_at, expected updated_at']);
    expect(wrong({ cluster_columns: ['tenant_id'] })).toEqual([
      'clustered by [tenant_id, status], expected [tenant_id]',
    ]);
  });
});

describe('given a bootstrapped system holding a row', () => {
  onASystemOfItsOwn(async () => {
    await bootstrapped();
    await keptRow();
  });

  it('running it again creates nothing, keeps every row and reports each table as already existing', async () => {
    const run = await runCliCaptured(['bootstrap'], service.ctx);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^System bootstrapped again: dataset tenants already existed/m);
    for (const table of tableNames) expect(run.stdout).toMatch(tableLine('already existed', table));
    expect(run.stdout).toContain('0 created, 12 already existed, 0 re-created');
    expect(run.stdout).not.toMatch(/^ {2}(created|re-created) /m);

    expect((await service.ctx.warehouse.checksumTable(profiles)).rows).toBe(1);
    expect(await centralSchemaMismatches()).toEqual({});
    const system = await service.ctx.store.readStream(SYSTEM_STREAM_ID);
    expect(system.events.map((event) => event.type)).toEqual(['SystemBootstrapped', 'SystemBootstrapRepeated']);
  });
});

describe('given another bootstrapped system holding a row', () => {
  onASystemOfItsOwn(async () => {
    await bootstrapped();
    await keptRow();
  });

  it('--force-recreate-tables drops and re-creates every central table (rows are lost), still as the schema config says', async () => {
    expect((await service.ctx.warehouse.checksumTable(profiles)).rows).toBe(1);
    const run = await runCliCaptured(['bootstrap', '--force-recreate-tables'], service.ctx);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: --force-recreate-tables drops every central table');
    for (const table of tableNames) expect(run.stdout).toMatch(tableLine('re-created', table));
    expect(run.stdout).toContain('0 created, 0 already existed, 12 re-created');

    expect((await service.ctx.warehouse.checksumTable(profiles)).rows).toBe(0);
    expect(await centralSchemaMismatches()).toEqual({});
    const system = await service.ctx.store.readStream(SYSTEM_STREAM_ID);
    expect(system.events.map((event) => event.type)).toEqual(['SystemBootstrapped', 'SystemBootstrapRepeated']);
  });
});
