import { rejectionOf, useLocalBigQuery } from './local-bigquery-fixture';
import { plain } from './plain-values';

/** The dialect suite, continued: DDL and DML constructs, checked by their effect through the real client. */
const fixture = useLocalBigQuery('local-test-project');

async function rows(query: string, params?: Record<string, unknown>): Promise<unknown[]> {
  const [result] = await fixture.client().query({ query, ...(params ? { params } : {}) });
  return plain(result) as unknown[];
}

/** Runs a DML statement as a job and returns BigQuery's numDmlAffectedRows for it. */
async function affectedRows(query: string, params?: Record<string, unknown>): Promise<number> {
  const [job] = await fixture.client().createQueryJob({ query, ...(params ? { params } : {}) });
  await job.getQueryResults();
  const [metadata] = await job.getMetadata();
  return Number(metadata.statistics.query.numDmlAffectedRows);
}

beforeAll(async () => {
  await fixture.client().createDataset('ddl');
});

describe('DDL', () => {
  it('maps ARRAY<STRUCT<…>>, FLOAT64, INT64, BYTES, NUMERIC, BOOL column types and drops PARTITION BY / CLUSTER BY / OPTIONS', async () => {
    await rows(`CREATE TABLE ddl.typed (a ARRAY<STRUCT<x STRING, y INT64>>, f FLOAT64, i INT64 NOT NULL, b BYTES, n NUMERIC, ok BOOL, ts TIMESTAMP, d DATE)
      PARTITION BY DATE(ts) CLUSTER BY i OPTIONS(description = 'typed', labels = [('team', 'data')])`);
    const [metadata] = await fixture.client().dataset('ddl').table('typed').getMetadata();
    expect(metadata.schema.fields).toEqual([
      {
        name: 'a',
        type: 'RECORD',
        mode: 'REPEATED',
        fields: [
          { name: 'x', type: 'STRING', mode: 'NULLABLE' },
          { name: 'y', type: 'INTEGER', mode: 'NULLABLE' },
        ],
      },
      { name: 'f', type: 'FLOAT', mode: 'NULLABLE' },
      { name: 'i', type: 'INTEGER', mode: 'REQUIRED' },
      { name: 'b', type: 'BYTES', mode: 'NULLABLE' },
      { name: 'n', type: 'NUMERIC', mode: 'NULLABLE' },
      { name: 'ok', type: 'BOOLEAN', mode: 'NULLABLE' },
      { name: 'ts', type: 'TIMESTAMP', mode: 'NULLABLE' },
      { name: 'd', type: 'DATE', mode: 'NULLABLE' },
    ]);
  });

  it('CREATE TABLE IF NOT EXISTS leaves an existing table alone', async () => {
    await rows('CREATE TABLE ddl.once (a STRING)');
    await rows(`INSERT INTO ddl.once (a) VALUES ('kept')`);
    await rows('CREATE TABLE IF NOT EXISTS ddl.once (b INT64)');
    expect(await rows('SELECT * FROM ddl.once')).toEqual([{ a: 'kept' }]);
  });

  it('CREATE OR REPLACE TABLE … AS SELECT replaces the table', async () => {
    await rows('CREATE OR REPLACE TABLE ddl.snapshot AS SELECT 1 AS v');
    await rows(`CREATE OR REPLACE TABLE ddl.snapshot AS SELECT 'two' AS w`);
    expect(await rows('SELECT * FROM ddl.snapshot')).toEqual([{ w: 'two' }]);
  });

  it('CREATE OR REPLACE VIEW replaces the view, which reads current data', async () => {
    await rows('CREATE TABLE ddl.base (n INT64)');
    await rows('INSERT INTO ddl.base (n) VALUES (1), (2), (3)');
    await rows('CREATE OR REPLACE VIEW ddl.big AS SELECT n FROM ddl.base WHERE n > 1');
    await rows('CREATE OR REPLACE VIEW `local-test-project.ddl.big` AS SELECT n FROM ddl.base WHERE n > 2');
    await rows('INSERT INTO ddl.base (n) VALUES (4)');
    expect(await rows('SELECT n FROM ddl.big ORDER BY n')).toEqual([{ n: 3 }, { n: 4 }]);
    const [metadata] = await fixture.client().dataset('ddl').table('big').getMetadata();
    expect(metadata.type).toBe('VIEW');
  });
});

describe('DML', () => {
  beforeAll(async () => {
    await rows('CREATE TABLE ddl.stock (sku STRING, n INT64, version INT64)');
    await rows(`INSERT ddl.stock (sku, n, version) VALUES ('s1', 1, 1), ('s2', 2, 5)`);
  });

  it('MERGE without INTO and INSERT ROW', async () => {
    const affected = await affectedRows(`MERGE ddl.stock T
      USING (SELECT 's1' AS sku, 5 AS n, 2 AS version UNION ALL SELECT 's9', 9, 1) S ON T.sku = S.sku
      WHEN MATCHED THEN UPDATE SET n = T.n + S.n, version = S.version
      WHEN NOT MATCHED THEN INSERT ROW`);
    expect(affected).toBe(2);
    expect(await rows('SELECT sku, n, version FROM ddl.stock ORDER BY sku')).toEqual([
      { sku: 's1', n: 6, version: 2 },
      { sku: 's2', n: 2, version: 5 },
      { sku: 's9', n: 9, version: 1 },
    ]);
  });

  it('MERGE … USING UNNEST(@rows) with an ARRAY<STRUCT> parameter never lets an older version win', async () => {
    const affected = await affectedRows(
      `MERGE \`local-test-project.ddl.stock\` AS T USING (SELECT * FROM UNNEST(@rows)) AS S ON T.sku = S.sku
       WHEN MATCHED AND S.version > T.version THEN UPDATE SET n = S.n, version = S.version
       WHEN NOT MATCHED THEN INSERT (sku, n, version) VALUES (S.sku, S.n, S.version)`,
      {
        rows: [
          { sku: 's2', n: 20, version: 4 },
          { sku: 's9', n: 90, version: 2 },
          { sku: 's10', n: 10, version: 1 },
        ],
      },
    );
    expect(affected).toBe(2);
    expect(await rows('SELECT sku, n FROM ddl.stock ORDER BY sku')).toEqual([
      { sku: 's1', n: 6 },
      { sku: 's10', n: 10 },
      { sku: 's2', n: 2 },
      { sku: 's9', n: 90 },
    ]);
  });

  it('UPDATE and DELETE report their affected rows', async () => {
    expect(await affectedRows('UPDATE ddl.stock SET n = n + 1 WHERE n < 10')).toBe(2);
    expect(await affectedRows(`DELETE FROM ddl.stock WHERE sku = 's10'`)).toBe(1);
    expect(await rows('SELECT COUNT(*) AS c FROM ddl.stock')).toEqual([{ c: 3 }]);
  });
});

describe('table checksums with TO_JSON_STRING, FARM_FINGERPRINT and BIT_XOR', () => {
  const checksum = async (table: string) =>
    rows(
      `SELECT COUNT(*) AS n, BIT_XOR(FARM_FINGERPRINT(TO_JSON_STRING(t))) AS digest FROM ddl.${table} AS t`,
    ) as Promise<{ n: number; digest: number }[]>;

  beforeAll(async () => {
    await rows('CREATE TABLE ddl.left_copy (id STRING, amount NUMERIC, happened_at TIMESTAMP, tags ARRAY<STRING>)');
    await rows('CREATE TABLE ddl.right_copy (id STRING, amount NUMERIC, happened_at TIMESTAMP, tags ARRAY<STRING>)');
    await rows(`INSERT ddl.left_copy VALUES ('a', 1.5, TIMESTAMP '2024-01-01 00:00:00+00', ['x']), ('b', 2, NULL, [])`);
    await rows(
      `INSERT ddl.right_copy VALUES ('b', 2, NULL, []), ('a', 1.5, TIMESTAMP '2024-01-01 00:00:00+00', ['x'])`,
    );
  });

  it('are deterministic and independent of row order', async () => {
    const [first] = await checksum('left_copy');
    expect(first!.n).toBe(2);
    expect(await checksum('left_copy')).toEqual([first]);
    expect(await checksum('right_copy')).toEqual([first]);
  });

  it('change when content changes', async () => {
    const [before] = await checksum('right_copy');
    await rows(`UPDATE ddl.right_copy SET amount = 2.01 WHERE id = 'b'`);
    const [after] = await checksum('right_copy');
    expect(after!.digest).not.toBe(before!.digest);
  });
});

describe('statements refused', () => {
  it('refuses a STRING(n) column (a length BigQuery enforces and DuckDB would not)', async () => {
    const error = await rejectionOf(rows('CREATE TABLE ddl.sized (s STRING(10))'));
    expect(error.code).toBe(400);
    expect(error.message).toContain('parameterized type STRING');
  });
});

describe('SQL DDL and REST metadata', () => {
  it('forgets a REST description once SQL drops the table, so a namesake starts clean', async () => {
    const dataset = fixture.client().dataset('ddl');
    await dataset.createTable('reborn', {
      schema: { fields: [{ name: 'a', type: 'STRING', description: 'old meaning' }] },
    });
    await rows('DROP TABLE ddl.reborn');
    await rows('CREATE TABLE ddl.reborn (a STRING)');
    const [metadata] = await dataset.table('reborn').getMetadata();
    expect(metadata.schema.fields).toEqual([{ name: 'a', type: 'STRING', mode: 'NULLABLE' }]);
  });
});
