import { LOCAL_TIME_MACRO } from './time-zones';

/**
 * DuckDB macros the translated SQL calls where one BigQuery function needs an argument twice (a NULL or range
 * check around the value). The engine creates them as TEMP macros on every connection it opens.
 */
export const HELPER_MACROS: readonly string[] = [
  // `/` fails on a zero divisor in BigQuery and always yields FLOAT64.
  `CREATE OR REPLACE TEMP MACRO bq_div(a, b) AS CASE WHEN b = 0 THEN error('division by zero: ' || CAST(a AS VARCHAR) || ' / ' || CAST(b AS VARCHAR)) ELSE CAST(a AS DOUBLE) / b END`,
  `CREATE OR REPLACE TEMP MACRO bq_safe_divide(a, b) AS CASE WHEN b = 0 THEN NULL ELSE CAST(a AS DOUBLE) / b END`,
  `CREATE OR REPLACE TEMP MACRO bq_mod(a, b) AS CASE WHEN b = 0 THEN error('division by zero: MOD(' || CAST(a AS VARCHAR) || ', 0)') ELSE a % b END`,
  // BigQuery's JSON_VALUE: the scalar unquoted, NULL for objects, arrays and JSON null.
  `CREATE OR REPLACE TEMP MACRO bq_json_value(j, p) AS CASE WHEN json_type(j, p) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(j, p) END`,
  // A signed INT64 like FARM_FINGERPRINT, from DuckDB's unsigned 64-bit hash.
  `CREATE OR REPLACE TEMP MACRO bq_farm_fingerprint(x) AS CAST(CAST(hash(x) AS HUGEINT) - 9223372036854775808 AS BIGINT)`,
  `CREATE OR REPLACE TEMP MACRO bq_offset(arr, i) AS CASE WHEN i < 0 OR i >= len(arr) THEN error('Array index ' || CAST(i AS VARCHAR) || ' is out of bounds (overflow)') ELSE arr[i + 1] END`,
  `CREATE OR REPLACE TEMP MACRO bq_safe_offset(arr, i) AS CASE WHEN i < 0 OR i >= len(arr) THEN NULL ELSE arr[i + 1] END`,
  `CREATE OR REPLACE TEMP MACRO bq_ordinal(arr, i) AS CASE WHEN i < 1 OR i > len(arr) THEN error('Array index ' || CAST(i AS VARCHAR) || ' is out of bounds (overflow)') ELSE arr[i] END`,
  `CREATE OR REPLACE TEMP MACRO bq_safe_ordinal(arr, i) AS CASE WHEN i < 1 OR i > len(arr) THEN NULL ELSE arr[i] END`,
  // → INT64: BigQuery rounds FLOAT64 half away from zero (DuckDB: half to even) and rejects '2.5' (DuckDB rounds it).
  `CREATE OR REPLACE TEMP MACRO bq_cast_int64(x) AS CASE
     WHEN typeof(x) IN ('DOUBLE', 'FLOAT') THEN CAST(round(TRY_CAST(x AS DOUBLE)) AS BIGINT)
     WHEN typeof(x) = 'VARCHAR' AND NOT regexp_full_match(TRY_CAST(x AS VARCHAR), '\\s*[+-]?([0-9]+|0[xX][0-9a-fA-F]+)\\s*') THEN error('Bad int64 value: ' || TRY_CAST(x AS VARCHAR))
     ELSE CAST(x AS BIGINT) END`,
  `CREATE OR REPLACE TEMP MACRO bq_try_cast_int64(x) AS CASE
     WHEN typeof(x) IN ('DOUBLE', 'FLOAT') THEN TRY_CAST(round(TRY_CAST(x AS DOUBLE)) AS BIGINT)
     WHEN typeof(x) = 'VARCHAR' AND NOT regexp_full_match(TRY_CAST(x AS VARCHAR), '\\s*[+-]?([0-9]+|0[xX][0-9a-fA-F]+)\\s*') THEN NULL
     ELSE TRY_CAST(x AS BIGINT) END`,
  // BigQuery cannot build an array holding NULL; DuckDB can, so the aggregate's result is checked.
  `CREATE OR REPLACE TEMP MACRO bq_array_agg_checked(l) AS CASE WHEN len(l) <> list_aggregate(l, 'count') THEN error('Array cannot have a null element; error in writing field') ELSE l END`,
  // The wall-clock time of a TIMESTAMPTZ in a BigQuery zone given at run time (a tz name or a UTC offset).
  LOCAL_TIME_MACRO,
];
