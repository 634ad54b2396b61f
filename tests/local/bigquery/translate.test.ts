import { translateBigQuerySql, translateStatement } from '../../../src/local/bigquery/translate';
import { toDuckJsonPath } from '../../../src/local/bigquery/translator/json-path';
import { toDuckTimeFormat } from '../../../src/local/bigquery/translator/time-format';

/** translate.ts is pure: BigQuery SQL in, DuckDB SQL (or a named refusal) out. */
function duck(sql: string): string {
  const result = translateBigQuerySql(sql);
  if (!result.ok) throw new Error(`refused ${result.construct}: ${result.message}`);
  return result.sql;
}

function refusal(sql: string): string {
  const result = translateBigQuerySql(sql);
  if (result.ok) throw new Error(`translated to ${result.sql}`);
  return result.construct;
}

describe('translateBigQuerySql', () => {
  it.each([
    [
      'drops the project of a backtick name and quotes dataset and table',
      'SELECT a FROM `my-project.sales.orders`',
      'SELECT "a" FROM "sales"."orders"',
    ],
    ['keeps a dataset.table name', 'SELECT * FROM sales.orders', 'SELECT * FROM "sales"."orders"'],
    [
      'turns @param into a DuckDB named parameter',
      'SELECT 1 AS one WHERE @Tenant = "x"',
      `SELECT 1 AS "one" WHERE $tenant = 'x'`,
    ],
    [
      'turns SAFE_CAST into TRY_CAST with DuckDB types',
      'SELECT SAFE_CAST(x AS FLOAT64) AS y',
      'SELECT TRY_CAST("x" AS DOUBLE) AS "y"',
    ],
    [
      'casts to INT64 through the helper that rounds like BigQuery',
      'SELECT SAFE_CAST(x AS INT64) AS y',
      'SELECT bq_try_cast_int64("x") AS "y"',
    ],
    ['reads a BYTES literal byte by byte', "SELECT b'\\x01\\xab' AS b", `SELECT unhex('01ab') AS "b"`],
    ['reads 1.5 as FLOAT64, as BigQuery does', 'SELECT 1.5 AS f', 'SELECT CAST(1.5 AS DOUBLE) AS "f"'],
    ['guards `/` against a zero divisor', 'SELECT a / b AS q FROM t', 'SELECT bq_div("a", "b") AS "q" FROM "t"'],
    ['maps SELECT * EXCEPT to EXCLUDE', 'SELECT * EXCEPT (a) FROM t', 'SELECT * EXCLUDE ("a") FROM "t"'],
    [
      'names anonymous columns f0_, f1_',
      'SELECT COUNT(*), a, SUM(b) FROM t',
      'SELECT count(*) AS "f0_", "a", sum("b") AS "f1_" FROM "t"',
    ],
    [
      'makes the UNNEST alias the element column of a derived table',
      'SELECT x.a FROM t, UNNEST(t.arr) AS x',
      'SELECT "x"."a" FROM "t", (SELECT UNNEST("t"."arr") AS "x") AS "_bq_unnest_1"',
    ],
    [
      'keeps JSON_VALUE unquoted through a helper',
      `SELECT JSON_VALUE(j, '$.a.b') AS v`,
      `SELECT bq_json_value("j", '$."a"."b"') AS "v"`,
    ],
    [
      'adds INTO to MERGE and maps INSERT ROW',
      'MERGE ds.t T USING ds.s S ON T.id = S.id WHEN NOT MATCHED THEN INSERT ROW',
      'MERGE INTO "ds"."t" AS "T" USING "ds"."s" AS "S" ON "T"."id" = "S"."id" WHEN NOT MATCHED THEN INSERT',
    ],
    [
      'counts elapsed parts in TIMESTAMP_DIFF',
      'SELECT TIMESTAMP_DIFF(a, b, HOUR) AS h',
      `SELECT date_sub('hour', "b", "a") AS "h"`,
    ],
    [
      'shifts a Sunday-based WEEK for DATE_TRUNC',
      'SELECT DATE_TRUNC(d, WEEK) AS w',
      `SELECT CAST((date_trunc('week', "d" + INTERVAL 1 DAY) - INTERVAL 1 DAY) AS DATE) AS "w"`,
    ],
    [
      'drops PARTITION BY / CLUSTER BY / OPTIONS and maps nested types',
      'CREATE TABLE IF NOT EXISTS ds.t (a ARRAY<STRUCT<b STRING>>, n NUMERIC, f FLOAT64) PARTITION BY DATE(ts) CLUSTER BY a OPTIONS (description = "x")',
      'CREATE TABLE IF NOT EXISTS "ds"."t" ("a" STRUCT("b" VARCHAR)[], "n" DECIMAL(38, 9), "f" DOUBLE)',
    ],
    [
      'casts a typed ARRAY<STRUCT> literal',
      `SELECT ARRAY<STRUCT<k STRING>>[STRUCT('a')] AS l`,
      `SELECT CAST([row('a')] AS STRUCT("k" VARCHAR)[]) AS "l"`,
    ],
    [
      'spells COUNTIF as a conditional count',
      'SELECT COUNTIF(ok) AS n FROM t',
      'SELECT count(CASE WHEN "ok" THEN 1 END) AS "n" FROM "t"',
    ],
    ['keeps CURRENT_DATE in UTC the session date', `SELECT CURRENT_DATE('UTC') AS d`, 'SELECT current_date AS "d"'],
    [
      'reads CURRENT_DATE in a named zone on its wall clock',
      `SELECT CURRENT_DATE('Asia/Tokyo') AS d`,
      `SELECT CAST(timezone('Asia/Tokyo', CAST(current_timestamp AS TIMESTAMPTZ)) AS DATE) AS "d"`,
    ],
    [
      'adds a UTC offset zone to the UTC time',
      `SELECT DATE(ts, '-08:30') AS d FROM t`,
      `SELECT CAST((timezone('UTC', CAST("ts" AS TIMESTAMPTZ)) + to_minutes(-510)) AS DATE) AS "d" FROM "t"`,
    ],
    [
      'leaves a zone known only at run time to the bq_local_time helper',
      'SELECT CURRENT_DATE(p.tz) AS d FROM p',
      'SELECT CAST(bq_local_time(CAST(current_timestamp AS TIMESTAMPTZ), "p"."tz") AS DATE) AS "d" FROM "p"',
    ],
  ])('%s', (_what, bigquery, expected) => {
    expect(duck(bigquery)).toBe(expected);
  });

  it.each([
    ['a syntax error', 'SELEC 1', 'syntax'],
    ['two statements', 'SELECT 1; SELECT 2', 'multi-statement script'],
    ['an unknown function, by name', 'SELECT ML.PREDICT(1)', 'prefixed function ML.PREDICT'],
    ['an unknown plain function, by name', 'SELECT APPROX_QUANTILES(x, 4) FROM t', 'function APPROX_QUANTILES'],
    ['a bare array subscript', 'SELECT arr[0] FROM t', 'array subscript without OFFSET/ORDINAL'],
    ['WEEK in EXTRACT', 'SELECT EXTRACT(WEEK FROM d) FROM t', 'EXTRACT(WEEK FROM ...)'],
    [
      'a time zone other than UTC',
      `SELECT FORMAT_TIMESTAMP('%F', t, 'Europe/Paris') FROM x`,
      'FORMAT_TIMESTAMP with a time zone other than UTC',
    ],
    ['BIGNUMERIC', 'SELECT CAST(x AS BIGNUMERIC) FROM t', 'type BIGNUMERIC'],
    ['positional parameters', 'SELECT ? AS p', 'syntax'],
    ['a wildcard table', 'SELECT * FROM `p.billing.gcp_billing_export_v1_*`', 'wildcard table'],
    ['an offset beyond 14 hours', `SELECT DATE(ts, '+15:00') AS d FROM t`, 'time zone offset'],
    [
      'TIMESTAMP(string, zone), the inverse conversion',
      `SELECT TIMESTAMP('2024-01-01 10:00:00', 'Asia/Tokyo') AS t`,
      'TIMESTAMP with a time zone other than UTC',
    ],
  ])('refuses %s, naming the construct', (_what, bigquery, construct) => {
    expect(refusal(bigquery)).toBe(construct);
  });

  it('reports the statement type and the parameters a statement uses', () => {
    expect(translateStatement('UPDATE ds.t SET a = @A WHERE b = @b')).toMatchObject({
      ok: true,
      statementType: 'UPDATE',
      parameters: ['a', 'b'],
    });
    expect(translateStatement('CREATE TABLE ds.t AS SELECT 1 AS x')).toMatchObject({
      ok: true,
      statementType: 'CREATE_TABLE_AS_SELECT',
    });
  });
});

describe('translation pieces', () => {
  it('rewrites BigQuery JSONPath with every key quoted', () => {
    expect(toDuckJsonPath('$')).toBe('$');
    expect(toDuckJsonPath(`$.a[2]['b c']."d"`)).toBe('$."a"[2]."b c"."d"');
    expect(() => toDuckJsonPath('$..a')).toThrow(/JSONPath/);
  });

  it('rewrites time formats, expanding shorthands and refusing elements that print differently', () => {
    expect(toDuckTimeFormat('%F %T')).toBe('%Y-%m-%d %H:%M:%S');
    expect(toDuckTimeFormat('%Y%m%d-%E6S')).toBe('%Y%m%d-%S.%f');
    expect(() => toDuckTimeFormat('%Ez')).toThrow(/%Ez/);
    expect(() => toDuckTimeFormat('%e')).toThrow(/%e/);
  });
});
