import type { TableDefinition } from '../../../src/warehouse/warehouse';

/**
 * A table exercising every column shape the adapter must carry: nested RECORD with a REPEATED RECORD inside,
 * REPEATED scalars, JSON, NUMERIC, BYTES, DATE, TIMESTAMP; day partitioning, clustering, keys and a version.
 */
export const itemsTable: TableDefinition = {
  name: 'contract_items',
  description: 'Contract-suite table with every column shape.',
  columns: [
    { name: 'id', type: 'STRING', mode: 'REQUIRED', description: 'Row identity.' },
    { name: 'version', type: 'INT64', mode: 'REQUIRED', description: 'Row version.' },
    { name: 'name', type: 'STRING' },
    { name: 'amount', type: 'NUMERIC' },
    { name: 'ratio', type: 'FLOAT64' },
    { name: 'active', type: 'BOOL' },
    { name: 'happened_at', type: 'TIMESTAMP', mode: 'REQUIRED' },
    { name: 'day', type: 'DATE' },
    { name: 'payload', type: 'JSON' },
    { name: 'blob', type: 'BYTES' },
    { name: 'tags', type: 'STRING', mode: 'REPEATED' },
    {
      name: 'owner',
      type: 'RECORD',
      mode: 'NULLABLE',
      fields: [
        { name: 'name', type: 'STRING' },
        {
          name: 'labels',
          type: 'RECORD',
          mode: 'REPEATED',
          fields: [
            { name: 'key', type: 'STRING' },
            { name: 'value', type: 'STRING' },
          ],
        },
      ],
    },
  ],
  partitionBy: { column: 'happened_at' },
  clusterBy: ['id'],
  keyColumns: ['id'],
  versionColumn: 'version',
};

/** A plain keyed table without a version column: last write wins. */
export const countersTable: TableDefinition = {
  name: 'contract_counters',
  description: 'Keyed table without a version column.',
  columns: [
    { name: 'tenant_id', type: 'STRING', mode: 'REQUIRED' },
    { name: 'day', type: 'DATE', mode: 'REQUIRED' },
    { name: 'runs', type: 'INT64', mode: 'REQUIRED' },
    { name: 'note', type: 'STRING' },
  ],
  partitionBy: { column: 'day' },
  clusterBy: ['tenant_id'],
  keyColumns: ['tenant_id', 'day'],
};

export function itemRow(id: string, version: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    version,
    name: `item ${id} v${version}`,
    amount: '12.5',
    ratio: 0.25,
    active: true,
    happened_at: '2026-01-02T03:04:05.123456Z',
    day: '2026-01-02',
    payload: { source: 'contract', nested: { n: 1, list: [1, 2] } },
    blob: Buffer.from('bytes!').toString('base64'),
    tags: ['a', 'b'],
    owner: { name: 'ops', labels: [{ key: 'env', value: 'prod' }] },
    ...overrides,
  };
}
