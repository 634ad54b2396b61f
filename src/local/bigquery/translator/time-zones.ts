import type { Call } from './call';
import { quoteString } from './sql-text';
import { refuse } from './untranslatable';

/**
 * BigQuery's time zone arguments (`CURRENT_DATE('Asia/Tokyo')`, `DATE(ts, p.timezone)`): a tz database name or a
 * UTC offset `(+|-)H[H][:MM]`. DuckDB's ICU `timezone(name, timestamptz)` gives the local wall-clock time for a
 * name but knows no bare offsets, so an offset is added to the UTC time instead. The session zone is UTC.
 */

const OFFSET = /^([+-])(\d{1,2})(?::(\d{2}))?$/;

/** Minutes east of UTC for an offset literal; undefined for a zone name. */
export function offsetMinutes(zone: string): number | undefined {
  const match = OFFSET.exec(zone.trim());
  if (!match) return undefined;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? 0);
  if (hours > 14 || minutes > 59) return refuse('time zone offset', `Invalid time zone offset ${zone}`);
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** True when the zone argument at `index` is absent or the literal 'UTC' (the session zone: nothing to convert). */
export function isUtcZone(call: Call, index: number): boolean {
  const arg = call.args[index];
  return arg === undefined || (arg.type === 'string_literal' && arg.value.trim().toUpperCase() === 'UTC');
}

/**
 * The DuckDB TIMESTAMP (wall clock) of `timestamp` in the zone given by argument `index` of the call. A literal
 * zone is resolved here; any other expression goes through the bq_local_time macro, which tells offsets from
 * names row by row. An unknown zone name fails in DuckDB ("Unknown TimeZone"), a 400 as in BigQuery.
 */
export function localTimeIn(call: Call, timestamp: string, index: number): string {
  const arg = call.args[index]!;
  const value = `CAST(${timestamp} AS TIMESTAMPTZ)`;
  if (arg.type === 'string_literal') {
    const offset = offsetMinutes(arg.value);
    if (offset !== undefined) return `(timezone('UTC', ${value}) + to_minutes(${offset}))`;
    return `timezone(${quoteString(arg.value.trim())}, ${value})`;
  }
  if (arg.type === 'null_literal') return 'CAST(NULL AS TIMESTAMP)';
  return `bq_local_time(${value}, ${call.e.emit(arg)})`;
}

/**
 * Macro for zone expressions only known at run time (see localTimeIn): an offset is checked and added to the UTC
 * time, anything else is a zone name for ICU. A NULL zone gives NULL, as in BigQuery.
 */
export const LOCAL_TIME_MACRO = `CREATE OR REPLACE TEMP MACRO bq_local_time(ts, tz) AS CASE
     WHEN NOT regexp_full_match(trim(tz), '[+-][0-9]{1,2}(:[0-9]{2})?') THEN timezone(trim(tz), ts)
     WHEN CAST(regexp_extract(trim(tz), '^[+-]([0-9]+)', 1) AS INTEGER) > 14 OR coalesce(TRY_CAST(regexp_extract(trim(tz), ':([0-9]+)$', 1) AS INTEGER), 0) > 59
       THEN error('Invalid time zone: ' || tz)
     ELSE timezone('UTC', ts) + to_minutes((CASE WHEN starts_with(trim(tz), '-') THEN -1 ELSE 1 END)
       * (CAST(regexp_extract(trim(tz), '^[+-]([0-9]+)', 1) AS INTEGER) * 60 + coalesce(TRY_CAST(regexp_extract(trim(tz), ':([0-9]+)$', 1) AS INTEGER), 0)))
   END`;
