import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BigQuery } from '@google-cloud/bigquery';
import { localBigQueryClientOptions } from '../../../src/local/bigquery/client-options';
import { startLocalBigQuery } from '../../../src/local/bigquery/start-local-bigquery';
import { rejectionOf, useLocalBigQuery } from './local-bigquery-fixture';
import { plain } from './plain-values';

/** Datasets, tables, insertAll and tabledata through the real client: the REST subset and its error format. */
const fixture = useLocalBigQuery('rest-project');

const NESTED_SCHEMA = [
  { name: 'id', type: 'STRING', mode: 'REQUIRED' },
  { name: 'at', type: 'TIMESTAMP' },
  { name: 'day', type: 'DATE' },
  { name: 'amount', type: 'NUMERIC' },
  { name: 'ratio', type: 'FLOAT' },
  { name: 'ok', type: 'BOOLEAN' },
  { name: 'blob', type: 'BYTES' },
  { name: 'doc', type: 'JSON' },
  { name: 'labels', type: 'STRING', mode: 'REPEATED' },
  {
    name: 'credits',
    type: 'RECORD',
    mode: 'REPEATED',
    fields: [
      { name: 'name', type: 'STRING' },
      { name: 'amount', type: 'FLOAT' },
      { name: 'parts', type: 'RECORD', mode: 'REPEATED', fields: [{ name: 'n', type: 'INTEGER' }] },
    ],
  },
  {
    name: 'service',
    type: 'RECORD',
    fields: [
      { name: 'id', type: 'STRING' },
      { name: 'tier', type: 'INTEGER' },
    ],
  },
];

const DESCRIBED_FIELDS = [
  { name: 'tenant_id', type: 'STRING', mode: 'REQUIRED', description: 'owner' },
  { name: 'day', type: 'DATE' },
  { name: 'attributes', type: 'JSON', description: 'free-form' },
  {
    name: 'cost',
    type: 'RECORD',
    mode: 'REPEATED',
    fields: [
      { name: 'amount', type: 'NUMERIC' },
      { name: 'at', type: 'TIMESTAMP' },
    ],
  },
];

const NESTED_ROW = {
  id: 'r1',
  at: '2024-05-06T07:08:09.123456Z',
  day: '2024-05-06',
  amount: '12.345',
  ratio: 0.25,
  ok: true,
  blob: Buffer.from('bytes!').toString('base64'),
  doc: '{"k":[1,2]}',
  labels: ['a', 'b'],
  credits: [
    { name: 'promo', amount: -1.5, parts: [{ n: 1 }, { n: 2 }] },
    { name: 'free', amount: -0.5, parts: [] },
  ],
  service: { id: 'svc', tier: 3 },
};

const NESTED_ROW_READ_BACK = { ...NESTED_ROW, blob: `base64:${NESTED_ROW.blob}` };

beforeAll(async () => {
  await fixture.client().createDataset('rest');
});

describe('datasets and tables', () => {
  it('answers 404 in BigQuery format for a missing dataset, table and query target', async () => {
    const bq = fixture.client();
    expect((await rejectionOf(bq.dataset('missing').get())).code).toBe(404);
    const missingTable = await rejectionOf(bq.dataset('rest').table('missing').getMetadata());
    expect(missingTable.code).toBe(404);
    expect(missingTable.errors?.[0]?.reason).toBe('notFound');
    const missingInQuery = await rejectionOf(bq.query('SELECT * FROM rest.missing'));
    expect(missingInQuery.message).toMatch(/^Not found: /);
    expect(missingInQuery.code).toBe(404);
    expect(await bq.dataset('rest').table('missing').exists()).toEqual([false]);
  });

  it('answers 409 duplicate for a dataset or table created twice', async () => {
    const bq = fixture.client();
    const dataset = await rejectionOf(bq.createDataset('rest'));
    expect(dataset.code).toBe(409);
    expect(dataset.errors?.[0]?.reason).toBe('duplicate');
    await bq.dataset('rest').createTable('twice', { schema: [{ name: 'a', type: 'STRING' }] });
    expect(
      (await rejectionOf(bq.dataset('rest').createTable('twice', { schema: [{ name: 'a', type: 'STRING' }] }))).code,
    ).toBe(409);
  });

  it('keeps the schema given to tables.insert, with partitioning and clustering accepted', async () => {
    const [table] = await fixture
      .client()
      .dataset('rest')
      .createTable('described', {
        schema: { fields: DESCRIBED_FIELDS },
        timePartitioning: { type: 'DAY', field: 'day' },
        clustering: { fields: ['tenant_id'] },
        description: 'described table',
      });
    const [metadata] = await table.getMetadata();
    expect(metadata.schema.fields).toEqual(DESCRIBED_FIELDS);
    expect(metadata.timePartitioning).toEqual({ type: 'DAY', field: 'day' });
    expect(metadata.clustering).toEqual({ fields: ['tenant_id'] });
    expect(metadata.description).toBe('described table');
    expect(metadata.type).toBe('TABLE');
  });

  it('creates a view from view.query and queries through it', async () => {
    const dataset = fixture.client().dataset('rest');
    const [base] = await dataset.createTable('view_base', { schema: [{ name: 'n', type: 'INTEGER' }] });
    await base.insert([{ n: 1 }, { n: 2 }, { n: 3 }]);
    await dataset.createTable('odd', {
      view: { query: 'SELECT n FROM `rest-project.rest.view_base` WHERE MOD(n, 2) = 1', useLegacySql: false },
    });
    const [rows] = await fixture.client().query('SELECT n FROM rest.odd ORDER BY n');
    expect(rows).toEqual([{ n: 1 }, { n: 3 }]);
  });

  it('refuses to delete a dataset that still has tables unless deleteContents is set', async () => {
    const bq = fixture.client();
    const [dataset] = await bq.createDataset('doomed');
    await dataset.createTable('t', { schema: [{ name: 'a', type: 'STRING' }] });
    const inUse = await rejectionOf(dataset.delete());
    expect(inUse.code).toBe(400);
    expect(inUse.errors?.[0]?.reason).toBe('resourceInUse');
    await dataset.delete({ force: true });
    expect(await dataset.exists()).toEqual([false]);
  });
});

describe('tabledata.insertAll', () => {
  it('round-trips nested and repeated columns through insertAll, a query and tabledata.list', async () => {
    const [table] = await fixture
      .client()
      .dataset('rest')
      .createTable('nested', { schema: { fields: NESTED_SCHEMA } });
    await table.insert([NESTED_ROW, { id: 'r2' }]);
    const [queried] = await fixture.client().query('SELECT * FROM rest.nested ORDER BY id');
    const emptyRow = {
      id: 'r2',
      at: null,
      day: null,
      amount: null,
      ratio: null,
      ok: null,
      blob: null,
      doc: null,
      labels: [],
      credits: [],
      service: null,
    };
    expect(plain(queried)).toEqual([NESTED_ROW_READ_BACK, emptyRow]);
    const [listed] = await table.getRows();
    expect(plain(listed)).toEqual(expect.arrayContaining([NESTED_ROW_READ_BACK, emptyRow]));
  });

  it('stores a row sent twice with the same insertId once, within a request and across requests', async () => {
    const [table] = await fixture
      .client()
      .dataset('rest')
      .createTable('dedup', { schema: [{ name: 'n', type: 'INTEGER' }] });
    await table.insert(
      [
        { insertId: 'same', json: { n: 1 } },
        { insertId: 'other', json: { n: 2 } },
        { insertId: 'same', json: { n: 1 } },
      ],
      { raw: true },
    );
    await table.insert([{ insertId: 'same', json: { n: 1 } }], { raw: true });
    const [rows] = await fixture.client().query('SELECT n FROM rest.dedup ORDER BY n');
    expect(rows).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('rejects the whole request when a row is invalid, and stores the valid ones under skipInvalidRows', async () => {
    const [table] = await fixture
      .client()
      .dataset('rest')
      .createTable('strict', { schema: [{ name: 'n', type: 'INTEGER', mode: 'REQUIRED' }] });
    const failure = (await rejectionOf(table.insert([{ n: 1 }, { n: 'not a number' }, { m: 3 }]))) as unknown as {
      name: string;
      errors: { row: unknown; errors: { reason: string }[] }[];
    };
    expect(failure.name).toBe('PartialFailureError');
    expect(failure.errors.map((e) => e.errors[0]!.reason).sort()).toEqual(['invalid', 'invalid', 'stopped']);
    expect((await fixture.client().query('SELECT COUNT(*) AS c FROM rest.strict'))[0]).toEqual([{ c: 0 }]);
    await rejectionOf(table.insert([{ n: 1 }, { n: 'nope' }], { skipInvalidRows: true }));
    expect((await fixture.client().query('SELECT n FROM rest.strict'))[0]).toEqual([{ n: 1 }]);
  });
});

describe('the endpoint itself', () => {
  it('rejects calls without the local token', async () => {
    const response = await fetch(`${fixture.server().url}/bigquery/v2/projects/rest-project/datasets/rest`, {
      signal: AbortSignal.timeout(5000),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(401);
  });

  it('accepts exactly the tokens its acceptsToken option admits, answering others 401 authError', async () => {
    const server = await startLocalBigQuery({
      projectId: 'token-project',
      acceptsToken: (token) => token === 'issued-1',
    });
    try {
      const list = (authorization?: string) =>
        fetch(`${server.url}/bigquery/v2/projects/token-project/datasets`, {
          headers: authorization ? { authorization } : {},
          signal: AbortSignal.timeout(5000),
        });
      expect((await list('Bearer issued-1')).status).toBe(200);
      const local = await list('Bearer convergence-local-bigquery');
      expect(local.status).toBe(401);
      expect(((await local.json()) as { error: { errors: { reason: string }[] } }).error.errors[0]?.reason).toBe(
        'authError',
      );
      expect((await list('issued-1')).status).toBe(401);
      expect((await list()).status).toBe(401);
    } finally {
      await server.stop();
    }
  });

  it('keeps data and table metadata in a database file across restarts', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'local-bigquery-'));
    try {
      const databasePath = join(folder, 'warehouse.duckdb');
      const first = await startLocalBigQuery({ databasePath, projectId: 'file-project' });
      const firstClient = new BigQuery(localBigQueryClientOptions(first.url, first.projectId));
      const [dataset] = await firstClient.createDataset('kept', { description: 'survives' });
      const [table] = await dataset.createTable('t', {
        schema: [{ name: 'a', type: 'STRING', mode: 'REQUIRED', description: 'the a' }],
      });
      await table.insert([{ a: 'persisted' }]);
      await first.stop();

      const second = await startLocalBigQuery({ databasePath, projectId: 'file-project' });
      try {
        const secondClient = new BigQuery(localBigQueryClientOptions(second.url, second.projectId));
        expect((await secondClient.query('SELECT a FROM kept.t'))[0]).toEqual([{ a: 'persisted' }]);
        const [metadata] = await secondClient.dataset('kept').table('t').getMetadata();
        expect(metadata.schema.fields).toEqual([{ name: 'a', type: 'STRING', mode: 'REQUIRED', description: 'the a' }]);
        expect((await secondClient.dataset('kept').getMetadata())[0].description).toBe('survives');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
