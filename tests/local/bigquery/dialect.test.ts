import { BigQuery } from '@google-cloud/bigquery';
import { rejectionOf, useLocalBigQuery } from './local-bigquery-fixture';
import { plain } from './plain-values';

/**
 * The dialect suite: for every BigQuery construct the local endpoint translates, a query through the real client
 * and the answer BigQuery gives. The two silent traps (UNNEST … AS x, JSON_VALUE) are among them.
 */
const PROJECT = 'local-test-project';
const fixture = useLocalBigQuery(PROJECT);

async function rows(
  query: string,
  params?: Record<string, unknown>,
  types?: Record<string, unknown>,
): Promise<unknown[]> {
  const [result] = await fixture
    .client()
    .query({ query, ...(params ? { params } : {}), ...(types ? { types } : {}) } as never);
  return plain(result) as unknown[];
}

beforeAll(async () => {
  const bq = fixture.client();
  await bq.createDataset('dialect');
  await bq.query(`CREATE TABLE \`${PROJECT}.dialect.orders\` (
      id STRING NOT NULL, customer STRING, amount NUMERIC, qty INT64, price FLOAT64, paid BOOL, created_at TIMESTAMP,
      day DATE, payload JSON, raw BYTES, tags ARRAY<STRING>, items ARRAY<STRUCT<sku STRING, n INT64>>)
    PARTITION BY day CLUSTER BY customer OPTIONS(description = 'orders')`);
  await bq.query(`INSERT dialect.orders (id, customer, amount, qty, price, paid, created_at, day, payload, raw, tags, items) VALUES
    ('o1', 'alice', NUMERIC '10.50', 2, 2.5, TRUE, TIMESTAMP '2024-03-10 10:30:00+00', DATE '2024-03-10',
      JSON '{"kind": "web", "n": 3, "nested": {"a": 1}}', b'ab', ['x', 'y'], [STRUCT('s1', 1), STRUCT('s2', 2)]),
    ('o2', 'bob', NUMERIC '3.25', 1, -2.5, FALSE, TIMESTAMP '2024-03-11 23:59:59+00', DATE '2024-03-11', JSON '{"kind": "shop"}', NULL, [], []),
    ('o3', 'alice', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`);
});

type Case = [
  construct: string,
  sql: string,
  expected: unknown[],
  params?: Record<string, unknown>,
  types?: Record<string, unknown>,
];

const cases: Case[] = [
  ['backtick project.dataset.table', `SELECT COUNT(*) AS n FROM \`${PROJECT}.dialect.orders\``, [{ n: 3 }]],
  [
    '@param',
    'SELECT id FROM dialect.orders WHERE customer = @customer AND qty >= @minQty ORDER BY id',
    [{ id: 'o1' }],
    { customer: 'alice', minQty: 1 },
  ],
  [
    '@param of every scalar type',
    'SELECT @s AS s, @i AS i, @f AS f, @b AS b, @n AS n, @ts AS ts, @d AS d, @raw AS raw, @j AS j, @dt AS dt',
    [
      {
        s: 'x',
        i: 42,
        f: 1.25,
        b: true,
        n: '1.5',
        ts: '2024-01-01T12:00:00.250000Z',
        d: '2024-01-02',
        raw: 'base64:aGk=',
        j: '{"a":1}',
        dt: '2024-01-02T03:04:05',
      },
    ],
    {
      s: 'x',
      i: 42,
      f: 1.25,
      b: true,
      n: '1.5',
      j: '{"a":1}',
      raw: Buffer.from('hi'),
      ts: BigQuery.timestamp('2024-01-01T12:00:00.250Z'),
      d: BigQuery.date('2024-01-02'),
      dt: BigQuery.datetime('2024-01-02 03:04:05'),
    },
    { n: 'NUMERIC', j: 'JSON' },
  ],
  [
    'NULL @params',
    'SELECT @s IS NULL AS s_null, @i IS NULL AS i_null, @i AS i',
    [{ s_null: true, i_null: true, i: null }],
    { s: null, i: null },
    { s: 'STRING', i: 'INT64' },
  ],
  [
    'ARRAY of scalars @param',
    'SELECT COUNT(*) AS n FROM dialect.orders WHERE id IN UNNEST(@ids)',
    [{ n: 2 }],
    { ids: ['o1', 'o3', 'zz'] },
  ],
  [
    'ARRAY<STRUCT> @param',
    'SELECT r.k, r.v FROM UNNEST(@rows) AS r ORDER BY r.k',
    [
      { k: 'a', v: 1 },
      { k: 'b', v: 2 },
    ],
    {
      rows: [
        { k: 'b', v: 2 },
        { k: 'a', v: 1 },
      ],
    },
  ],
  [
    'SAFE_CAST',
    `SELECT SAFE_CAST('12' AS INT64) AS good, SAFE_CAST('abc' AS INT64) AS bad, SAFE_CAST('2.5' AS INT64) AS not_integer, SAFE_CAST('1.5' AS FLOAT64) AS f`,
    [{ good: 12, bad: null, not_integer: null, f: 1.5 }],
  ],
  [
    'CAST FLOAT64 → INT64 rounds half away from zero',
    'SELECT CAST(2.5 AS INT64) AS up, CAST(-2.5 AS INT64) AS down',
    [{ up: 3, down: -3 }],
  ],
  [
    'ARRAY(subquery) and SELECT AS STRUCT',
    `SELECT ARRAY(SELECT AS STRUCT id, qty FROM dialect.orders WHERE qty IS NOT NULL ORDER BY id) AS s`,
    [
      {
        s: [
          { id: 'o1', qty: 2 },
          { id: 'o2', qty: 1 },
        ],
      },
    ],
  ],
  [
    'CAST to FLOAT64/INT64/BYTES/NUMERIC/BOOL',
    `SELECT CAST(1 AS FLOAT64) AS f, CAST('5' AS INT64) AS i, CAST('ab' AS BYTES) AS b, CAST('1.25' AS NUMERIC) AS n, CAST('true' AS BOOL) AS ok`,
    [{ f: 1, i: 5, b: 'base64:YWI=', n: '1.25', ok: true }],
  ],
  [
    'TIMESTAMP_ADD / TIMESTAMP_SUB',
    `SELECT TIMESTAMP_ADD(TIMESTAMP '2024-03-10 10:30:00+00', INTERVAL 90 MINUTE) AS later, TIMESTAMP_SUB(TIMESTAMP '2024-03-10 10:30:00+00', INTERVAL 1 DAY) AS earlier`,
    [{ later: '2024-03-10T12:00:00.000000Z', earlier: '2024-03-09T10:30:00.000000Z' }],
  ],
  [
    'DATE_SUB / DATE_ADD (month ends clamp)',
    `SELECT DATE_SUB(DATE '2024-03-31', INTERVAL 1 MONTH) AS prev, DATE_ADD(DATE '2024-01-31', INTERVAL 1 MONTH) AS next, DATE_SUB(DATE '2024-03-01', INTERVAL 1 DAY) AS eve`,
    [{ prev: '2024-02-29', next: '2024-02-29', eve: '2024-02-29' }],
  ],
  [
    'TIMESTAMP_DIFF / DATE_DIFF date parts',
    `SELECT TIMESTAMP_DIFF(TIMESTAMP '2010-07-07 10:20:00+00', TIMESTAMP '2008-12-25 15:30:00+00', HOUR) AS hours,
       TIMESTAMP_DIFF(TIMESTAMP '2024-01-01 08:45:00+00', TIMESTAMP '2024-01-01 10:30:00+00', HOUR) AS negative,
       DATE_DIFF(DATE '2024-03-01', DATE '2024-02-01', DAY) AS days, DATE_DIFF(DATE '2018-01-01', DATE '2017-12-31', MONTH) AS months`,
    [{ hours: 13410, negative: -1, days: 29, months: 1 }],
  ],
  [
    'TIMESTAMP_TRUNC / DATE_TRUNC date parts (WEEK starts on Sunday)',
    `SELECT TIMESTAMP_TRUNC(TIMESTAMP '2024-03-13 17:45:12+00', DAY) AS d, TIMESTAMP_TRUNC(TIMESTAMP '2024-03-13 17:45:12+00', HOUR) AS h,
       DATE_TRUNC(DATE '2024-03-13', MONTH) AS m, DATE_TRUNC(DATE '2024-03-13', WEEK) AS w, DATE_TRUNC(DATE '2024-03-13', ISOWEEK) AS iw`,
    [
      {
        d: '2024-03-13T00:00:00.000000Z',
        h: '2024-03-13T17:00:00.000000Z',
        m: '2024-03-01',
        w: '2024-03-10',
        iw: '2024-03-11',
      },
    ],
  ],
  [
    'FORMAT_TIMESTAMP / FORMAT_DATE',
    `SELECT FORMAT_TIMESTAMP('%Y-%m-%d %H:%M:%S', TIMESTAMP '2024-03-10 10:30:05+00') AS a, FORMAT_TIMESTAMP('%F %T', TIMESTAMP '2024-03-10 10:30:05+00') AS b,
       FORMAT_DATE('%Y%m%d', DATE '2024-03-10') AS c`,
    [{ a: '2024-03-10 10:30:05', b: '2024-03-10 10:30:05', c: '20240310' }],
  ],
  [
    'STRUCT / ARRAY literals',
    `SELECT STRUCT(1 AS a, 'x' AS b) AS s, [1, 2, 3] AS arr, ARRAY<STRUCT<k STRING, v INT64>>[STRUCT('a', 1), STRUCT('b', 2)] AS typed,
       STRUCT<x INT64, y STRING>(5, 'five') AS ts`,
    [
      {
        s: { a: 1, b: 'x' },
        arr: [1, 2, 3],
        typed: [
          { k: 'a', v: 1 },
          { k: 'b', v: 2 },
        ],
        ts: { x: 5, y: 'five' },
      },
    ],
  ],
  [
    'SELECT * EXCEPT',
    'SELECT * EXCEPT (customer, amount, qty, price, paid, created_at, day, payload, raw, tags, items) FROM dialect.orders ORDER BY id',
    [{ id: 'o1' }, { id: 'o2' }, { id: 'o3' }],
  ],
  [
    'UNNEST … AS x: x is the element, x.field its field',
    'SELECT o.id, item.sku AS sku, item FROM dialect.orders AS o, UNNEST(o.items) AS item ORDER BY sku',
    [
      { id: 'o1', sku: 's1', item: { sku: 's1', n: 1 } },
      { id: 'o1', sku: 's2', item: { sku: 's2', n: 2 } },
    ],
  ],
  [
    'UNNEST … WITH OFFSET',
    `SELECT tag, pos FROM dialect.orders, UNNEST(tags) AS tag WITH OFFSET AS pos WHERE id = 'o1' ORDER BY pos`,
    [
      { tag: 'x', pos: 0 },
      { tag: 'y', pos: 1 },
    ],
  ],
  [
    'implicit array join (FROM t, t.arr)',
    `SELECT o.id, tag FROM dialect.orders AS o, o.tags AS tag ORDER BY tag`,
    [
      { id: 'o1', tag: 'x' },
      { id: 'o1', tag: 'y' },
    ],
  ],
  [
    'LEFT JOIN UNNEST keeps rows with empty arrays',
    'SELECT o.id, i.sku FROM dialect.orders AS o LEFT JOIN UNNEST(o.items) AS i ORDER BY o.id, i.sku',
    [
      { id: 'o1', sku: 's1' },
      { id: 'o1', sku: 's2' },
      { id: 'o2', sku: null },
      { id: 'o3', sku: null },
    ],
  ],
  [
    'JSON_VALUE gives the unquoted scalar, NULL for objects',
    `SELECT JSON_VALUE(payload, '$.kind') AS kind, JSON_VALUE(payload, '$.n') AS n, JSON_VALUE(payload, '$.nested') AS obj, JSON_VALUE('{"a": "q"}', '$.a') AS from_string
     FROM dialect.orders WHERE id = 'o1'`,
    [{ kind: 'web', n: '3', obj: null, from_string: 'q' }],
  ],
  [
    'JSON_EXTRACT_SCALAR',
    `SELECT JSON_EXTRACT_SCALAR(payload, '$.nested.a') AS a, JSON_EXTRACT_SCALAR(payload, '$.missing') AS missing FROM dialect.orders WHERE id = 'o1'`,
    [{ a: '1', missing: null }],
  ],
  [
    'COUNTIF / IFNULL / SAFE_DIVIDE / ROUND (half away from zero)',
    `SELECT COUNTIF(paid) AS paid, COUNTIF(NOT paid) AS unpaid, IFNULL(MAX(qty), 0) AS max_qty, IFNULL(MIN(amount), 0) AS min_amount, SAFE_DIVIDE(1, 0) AS div0,
       SAFE_DIVIDE(3, 2) AS div, ROUND(2.5) AS r1, ROUND(-2.5) AS r2, ROUND(1.2345, 2) AS r3 FROM dialect.orders`,
    [{ paid: 1, unpaid: 1, max_qty: 2, min_amount: '3.25', div0: null, div: 1.5, r1: 3, r2: -3, r3: 1.23 }],
  ],
  [
    'ANY_VALUE / ARRAY_AGG / STRING_AGG',
    `SELECT customer, ANY_VALUE(customer) AS same, ARRAY_AGG(id ORDER BY id DESC) AS ids, STRING_AGG(id, '|' ORDER BY id) AS joined,
       ARRAY_AGG(qty IGNORE NULLS) AS qtys FROM dialect.orders GROUP BY customer ORDER BY customer`,
    [
      { customer: 'alice', same: 'alice', ids: ['o3', 'o1'], joined: 'o1|o3', qtys: [2] },
      { customer: 'bob', same: 'bob', ids: ['o2'], joined: 'o2', qtys: [1] },
    ],
  ],
  [
    'window functions',
    `SELECT id, ROW_NUMBER() OVER (PARTITION BY customer ORDER BY id) AS rn, SUM(qty) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running,
       LAG(id) OVER (ORDER BY id) AS prev FROM dialect.orders ORDER BY id`,
    [
      { id: 'o1', rn: 1, running: 2, prev: null },
      { id: 'o2', rn: 1, running: 3, prev: 'o1' },
      { id: 'o3', rn: 2, running: 3, prev: 'o2' },
    ],
  ],
  [
    'CTEs',
    'WITH big AS (SELECT id, qty FROM dialect.orders WHERE qty > 1), names AS (SELECT id FROM big) SELECT id FROM names',
    [{ id: 'o1' }],
  ],
  ['`/` always FLOAT64', 'SELECT 1 / 2 AS half, 7 / 7 AS one', [{ half: 0.5, one: 1 }]],
  [
    'NULLs sort first ascending',
    'SELECT qty FROM dialect.orders ORDER BY qty',
    [{ qty: null }, { qty: 1 }, { qty: 2 }],
  ],
  [
    'NULLs sort last descending',
    'SELECT qty FROM dialect.orders ORDER BY qty DESC',
    [{ qty: 2 }, { qty: 1 }, { qty: null }],
  ],
  ['anonymous columns are f0_, f1_', `SELECT 1, 'a' AS named, 2`, [{ f0_: 1, named: 'a', f1_: 2 }]],
  [
    'DATE(ts, zone): a zone name, a UTC offset, NULL',
    `SELECT DATE(TIMESTAMP '2024-01-01 20:00:00+00', 'Asia/Tokyo') AS tokyo, DATE(TIMESTAMP '2024-01-01 20:00:00+00', '-08') AS minus8,
       DATE(TIMESTAMP '2024-01-01 20:00:00+00', '+04:00') AS plus4, DATE(TIMESTAMP '2024-01-01 20:00:00+00', '+03:59') AS almost,
       DATE(TIMESTAMP '2024-01-01 20:00:00+00', CAST(NULL AS STRING)) AS none`,
    [{ tokyo: '2024-01-02', minus8: '2024-01-01', plus4: '2024-01-02', almost: '2024-01-01', none: null }],
  ],
  [
    'DATE(ts, zone) with the zone in a column: names and offsets row by row',
    `SELECT tz, DATE(TIMESTAMP '2024-01-01 20:00:00+00', tz) AS d FROM UNNEST(['Asia/Kolkata', '+04:00', '+03:59', '-8', 'America/Los_Angeles']) AS tz WITH OFFSET AS i ORDER BY i`,
    [
      { tz: 'Asia/Kolkata', d: '2024-01-02' },
      { tz: '+04:00', d: '2024-01-02' },
      { tz: '+03:59', d: '2024-01-01' },
      { tz: '-8', d: '2024-01-01' },
      { tz: 'America/Los_Angeles', d: '2024-01-01' },
    ],
  ],
  [
    'GREATEST / CONCAT are NULL when an argument is',
    `SELECT GREATEST(1, NULL) AS g, CONCAT('a', NULL) AS c, CONCAT('a', 'b') AS ab`,
    [{ g: null, c: null, ab: 'ab' }],
  ],
];

describe('BigQuery dialect through the local endpoint', () => {
  // A rest parameter keeps the callback's arity at 0, so jest never mistakes a trailing argument for `done`.
  it.each(cases)('%s', async (...testCase) => {
    const [, sql, expected, params, types] = testCase as Case;
    expect(await rows(sql, params, types)).toEqual(expected);
  });

  it('GENERATE_UUID gives a fresh UUID string per row', async () => {
    const result = (await rows('SELECT GENERATE_UUID() AS u FROM dialect.orders')) as { u: string }[];
    expect(result).toHaveLength(3);
    for (const { u } of result)
      expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(result.map(({ u }) => u)).size).toBe(3);
  });

  it('CURRENT_TIMESTAMP() and CURRENT_DATE() read the clock in UTC', async () => {
    const before = Date.now();
    const [row] = (await rows('SELECT CURRENT_TIMESTAMP() AS now, CURRENT_DATE() AS today')) as {
      now: string;
      today: string;
    }[];
    const after = Date.now();
    expect(Date.parse(row!.now)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(row!.now)).toBeLessThanOrEqual(after + 1000);
    expect([new Date(before).toISOString().slice(0, 10), new Date(after).toISOString().slice(0, 10)]).toContain(
      row!.today,
    );
  });

  it("CURRENT_DATE(zone) is the date on the zone's wall clock, from a literal or a column", async () => {
    const dateIn = (zone: string) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
        new Date(),
      );
    // One of UTC+14 and UTC-11 always has a date other than UTC's, so a translation ignoring the zone fails here.
    const zones = ['Pacific/Kiritimati', 'Pacific/Pago_Pago'];
    const before = zones.map(dateIn);
    const result = (await rows(
      `SELECT CURRENT_DATE('Pacific/Kiritimati') AS ahead, CURRENT_DATE(z) AS behind FROM UNNEST(['Pacific/Pago_Pago']) AS z`,
    )) as { ahead: string; behind: string }[];
    const after = zones.map(dateIn);
    expect([before, after]).toContainEqual([result[0]!.ahead, result[0]!.behind]);
  });

  it('an unknown time zone or an offset out of range fails with a 400, as in BigQuery', async () => {
    for (const zone of ['Nowhere/Bogus', '+15:00']) {
      const error = await rejectionOf(rows(`SELECT DATE(CURRENT_TIMESTAMP(), z) AS d FROM UNNEST(['${zone}']) AS z`));
      expect(error.code).toBe(400);
      expect(error.message).toContain(zone);
    }
  });

  it('ARRAY_AGG over a NULL fails as in BigQuery instead of returning a NULL element', async () => {
    const error = await rejectionOf(rows('SELECT ARRAY_AGG(qty) AS qtys FROM dialect.orders'));
    expect(error.code).toBe(400);
    expect(error.message).toMatch(/NULL element/i);
  });

  it('division by zero fails as in BigQuery', async () => {
    const error = await rejectionOf(rows('SELECT 1 / 0 AS x'));
    expect(error.code).toBe(400);
    expect(error.message).toMatch(/division by zero/);
  });
});

describe('SQL the endpoint cannot translate faithfully', () => {
  it.each([
    ['a prefixed function', `SELECT NET.HOST('https://example.com') AS h`, 'NET.HOST'],
    ['an EXTRACT part whose meaning differs', `SELECT EXTRACT(WEEK FROM DATE '2024-03-13') AS w`, 'EXTRACT(WEEK'],
    ['a format element DuckDB prints differently', `SELECT FORMAT_TIMESTAMP('%z', CURRENT_TIMESTAMP()) AS z`, '%z'],
    ['an unknown function', `SELECT ST_GEOGPOINT(1, 2) AS p`, 'ST_GEOGPOINT'],
    ['a multi-statement script', `SELECT 1; SELECT 2`, 'multi-statement script'],
  ])('refuses %s with a 400 invalidQuery naming the construct', async (_what, sql, construct) => {
    const error = await rejectionOf(rows(sql));
    expect(error.code).toBe(400);
    expect(error.errors?.[0]?.reason).toBe('invalidQuery');
    expect(error.message).toContain(construct);
  });
});
