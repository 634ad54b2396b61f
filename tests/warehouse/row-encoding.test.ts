import { decodeRows, timestampText } from '../../src/warehouse/bigquery/decode-rows';
import { dedupeByKey } from '../../src/warehouse/bigquery/dedupe-by-key';
import { encodeRowChunks, rowsParameter } from '../../src/warehouse/bigquery/encode-rows';
import { tableInsertBody } from '../../src/warehouse/bigquery/table-resource';
import { insertStatement, mergeStatement } from '../../src/warehouse/bigquery/write-statements';
import { tenantTable } from '../../src/warehouse/tables';
import { WarehouseError } from '../../src/warehouse/warehouse';
import { countersTable, itemRow, itemsTable } from './contract/contract-tables';

function thrown(run: () => unknown): WarehouseError {
  try {
    run();
  } catch (error) {
    if (error instanceof WarehouseError) return error;
    throw error;
  }
  throw new Error('expected a WarehouseError');
}

describe('rows as an ARRAY<STRUCT> query parameter', () => {
  it('types the parameter from the definition, nested records and arrays included', () => {
    const [chunk] = encodeRowChunks(itemsTable, [itemRow('a', 1)], 1_000_000);
    const parameter = rowsParameter('rows', itemsTable, chunk ?? []);
    expect(parameter.parameterType.type).toBe('ARRAY');
    const fields = parameter.parameterType.arrayType?.structTypes ?? [];
    expect(fields.map((f) => `${f.name}:${f.type.type}`)).toEqual([
      'id:STRING',
      'version:INT64',
      'name:STRING',
      'amount:NUMERIC',
      'ratio:FLOAT64',
      'active:BOOL',
      'happened_at:TIMESTAMP',
      'day:DATE',
      'payload:JSON',
      'blob:BYTES',
      'tags:ARRAY',
      'owner:STRUCT',
    ]);
    const owner = fields.find((f) => f.name === 'owner')?.type;
    expect(owner?.structTypes?.[1]).toEqual({
      name: 'labels',
      type: {
        type: 'ARRAY',
        arrayType: {
          type: 'STRUCT',
          structTypes: [
            { name: 'key', type: { type: 'STRING' } },
            { name: 'value', type: { type: 'STRING' } },
          ],
        },
      },
    });
    const value = parameter.parameterValue.arrayValues?.[0]?.structValues ?? {};
    expect(value.version).toEqual({ value: '1' });
    expect(value.active).toEqual({ value: 'true' });
    expect(value.payload).toEqual({ value: JSON.stringify({ source: 'contract', nested: { n: 1, list: [1, 2] } }) });
    expect(value.tags).toEqual({ arrayValues: [{ value: 'a' }, { value: 'b' }] });
    expect(value.owner?.structValues?.labels).toEqual({
      arrayValues: [{ structValues: { key: { value: 'env' }, value: { value: 'prod' } } }],
    });
  });

  it('encodes NULL as an empty value and a missing array as the empty array', () => {
    const [chunk] = encodeRowChunks(
      itemsTable,
      [{ id: 'b', version: 1, happened_at: new Date('2026-01-01T00:00:00Z') }],
      1_000_000,
    );
    const value = chunk?.[0]?.structValues ?? {};
    expect(value.name).toEqual({});
    expect(value.owner).toEqual({});
    expect(value.tags).toEqual({ arrayValues: [] });
    expect(value.happened_at).toEqual({ value: '2026-01-01T00:00:00.000Z' });
  });

  it('accepts exact forms: bigint and digit strings for INT64, strings for NUMERIC, bytes as base64', () => {
    const [chunk] = encodeRowChunks(
      itemsTable,
      [itemRow('a', 1, { version: 9007199254740993n, amount: '0.000000001', blob: Buffer.from([0, 255]) })],
      1_000_000,
    );
    const value = chunk?.[0]?.structValues ?? {};
    expect(value.version).toEqual({ value: '9007199254740993' });
    expect(value.amount).toEqual({ value: '0.000000001' });
    expect(value.blob).toEqual({ value: 'AP8=' });
  });

  it.each([
    ['a wrong type', { version: 1.5 }, 'version'],
    ['an unknown column', { colour: 'red' }, 'colour'],
    ['a missing REQUIRED value', { happened_at: undefined }, 'happened_at'],
    ['a NULL array element', { tags: ['a', null] }, 'tags[1]'],
    ['a scalar where a record belongs', { owner: 'ops' }, 'owner'],
  ])('refuses %s, naming the path but never the value', (_what, overrides, path) => {
    const error = thrown(() =>
      encodeRowChunks(itemsTable, [itemRow('a', 1, { name: 'sup3r-s3cret-value', ...overrides })], 1_000_000),
    );
    expect(error.code).toBe('INVALID_ROW');
    expect(error.message).toContain(path);
    expect(error.message).not.toContain('sup3r-s3cret-value');
  });

  it('packs rows into chunks under the byte budget, in order', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ tenant_id: `t${i}`, day: '2026-01-01', runs: i }));
    const chunks = encodeRowChunks(countersTable, rows, 1_000);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(Buffer.byteLength(JSON.stringify(chunk))).toBeLessThanOrEqual(1_000);
    expect(chunks.flat().map((v) => v.structValues?.runs?.value)).toEqual(rows.map((r) => String(r.runs)));
  });
});

describe('batch de-duplication before MERGE', () => {
  it('keeps one row per key: the highest version, the later row on a tie', () => {
    const rows = [
      itemRow('a', 2, { name: 'a2' }),
      itemRow('b', 1),
      itemRow('a', 5, { name: 'a5' }),
      itemRow('a', 5, { name: 'a5-later' }),
      itemRow('a', 3),
    ];
    expect(dedupeByKey(itemsTable, rows).map((r) => `${r.id}:${r.name}`)).toEqual(['b:item b v1', 'a:a5-later']);
  });

  it('without a version column the last row for a key wins', () => {
    const rows = [
      { tenant_id: 'a', day: '2026-01-01', runs: 1 },
      { tenant_id: 'a', day: '2026-01-02', runs: 2 },
      { tenant_id: 'a', day: '2026-01-01', runs: 3 },
    ];
    expect(dedupeByKey(countersTable, rows).map((r) => r.runs)).toEqual([2, 3]);
  });

  it('treats 7, 7n and "7" in one key column as the same key, as BigQuery will', () => {
    const table = {
      ...countersTable,
      columns: [...countersTable.columns, { name: 'shard', type: 'INT64' as const, mode: 'REQUIRED' as const }],
      keyColumns: ['shard'],
    };
    const rows = [
      { tenant_id: 'a', day: '2026-01-01', runs: 1, shard: 7 },
      { tenant_id: 'b', day: '2026-01-01', runs: 2, shard: 7n },
      { tenant_id: 'c', day: '2026-01-01', runs: 3, shard: '7' },
    ];
    expect(dedupeByKey(table, rows).map((r) => r.tenant_id)).toEqual(['c']);
  });

  it('refuses a NULL key', () => {
    expect(thrown(() => dedupeByKey(countersTable, [{ tenant_id: null, day: '2026-01-01', runs: 1 }])).code).toBe(
      'INVALID_ROW',
    );
  });
});

describe('statements', () => {
  it('MERGE: one statement from UNNEST(@rows), keyed, version-guarded, keys never updated', () => {
    const sql = mergeStatement('proj-1', 'tenants', itemsTable);
    expect(sql).toContain('MERGE `proj-1.tenants.contract_items` AS target');
    expect(sql).toContain('USING (SELECT * FROM UNNEST(@rows)) AS source');
    expect(sql).toContain('ON target.`id` = source.`id`');
    expect(sql).toContain('WHEN MATCHED AND (target.`version` IS NULL OR source.`version` > target.`version`) THEN');
    expect(sql).not.toMatch(/UPDATE SET [^\n]*`id` = source/);
    expect(sql).toContain('WHEN NOT MATCHED THEN');
    expect(sql.match(/MERGE/g)).toHaveLength(1);
  });

  it('MERGE without a version column updates every match; a table without keys cannot be merged', () => {
    expect(mergeStatement('p', 'd', countersTable)).toContain('WHEN MATCHED THEN');
    expect(thrown(() => mergeStatement('p', 'd', { ...countersTable, keyColumns: [] })).code).toBe('INVALID_QUERY');
  });

  it('INSERT lists the columns explicitly', () => {
    expect(insertStatement('p', 'd', countersTable)).toBe(
      'INSERT INTO `p.d.contract_counters` (`tenant_id`, `day`, `runs`, `note`)\nSELECT source.`tenant_id`, source.`day`, source.`runs`, source.`note`\nFROM UNNEST(@rows) AS source',
    );
  });

  it('tables.insert body carries schema, day partitioning and clustering', () => {
    const body = tableInsertBody('p', 'acme', tenantTable('billing_cost_daily'));
    expect(body).toMatchObject({
      tableReference: { projectId: 'p', datasetId: 'acme', tableId: 'billing_cost_daily' },
      timePartitioning: { type: 'DAY', field: 'usage_date' },
      clustering: { fields: ['billing_account_id', 'project_id', 'service_id', 'sku_id'] },
    });
    const labels = (body.schema as { fields: { name: string; mode: string; fields?: unknown[] }[] }).fields.find(
      (f) => f.name === 'labels',
    );
    expect(labels).toMatchObject({
      type: 'RECORD',
      mode: 'REPEATED',
      fields: [
        { name: 'key', type: 'STRING' },
        { name: 'value', type: 'STRING' },
      ],
    });
  });
});

describe('decoding f/v rows', () => {
  const fields = [
    { name: 'n', type: 'INTEGER' },
    { name: 'big', type: 'INT64' },
    { name: 'f', type: 'FLOAT' },
    { name: 'b', type: 'BOOLEAN' },
    { name: 'ts', type: 'TIMESTAMP' },
    { name: 'j', type: 'JSON' },
    { name: 'tags', type: 'STRING', mode: 'REPEATED' },
    {
      name: 'rec',
      type: 'RECORD',
      fields: [
        { name: 'k', type: 'STRING' },
        { name: 'xs', type: 'INTEGER', mode: 'REPEATED' },
      ],
    },
    { name: 'missing', type: 'STRING' },
  ];

  it('gives one JS representation per type', () => {
    const rows = decodeRows(fields, [
      {
        f: [
          { v: '42' },
          { v: '-8070450532247928832' },
          { v: '0.5' },
          { v: 'true' },
          { v: '1767323045123456' },
          { v: '{"a":[1,2]}' },
          { v: [{ v: 'x' }, { v: 'y' }] },
          { v: { f: [{ v: 'key' }, { v: [{ v: '1' }, { v: '2' }] }] } },
          { v: null },
        ],
      },
    ]);
    expect(rows).toEqual([
      {
        n: 42,
        big: '-8070450532247928832',
        f: 0.5,
        b: true,
        ts: '2026-01-02T03:04:05.123456Z',
        j: { a: [1, 2] },
        tags: ['x', 'y'],
        rec: { k: 'key', xs: [1, 2] },
        missing: null,
      },
    ]);
  });

  it('reads TIMESTAMP as integer microseconds, float seconds or ISO text', () => {
    expect(timestampText('1767323045000000')).toBe('2026-01-02T03:04:05.000Z');
    expect(timestampText('1.767323045123E9')).toBe('2026-01-02T03:04:05.123Z');
    expect(timestampText('2026-01-02 03:04:05.123456+00')).toBe('2026-01-02T03:04:05.123456Z');
    expect(timestampText('-1')).toBe('1969-12-31T23:59:59.999999Z');
  });
});
