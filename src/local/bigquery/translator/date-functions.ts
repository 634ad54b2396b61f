import type { Node } from 'sql-parser-cst';
import { type Call, type FunctionTranslation, datePartArg, scalarArgs, stringLiteralArg } from './call';
import { quoteString } from './sql-text';
import { toDuckTimeFormat } from './time-format';
import { isUtcZone, localTimeIn } from './time-zones';
import { refuse } from './untranslatable';

const TIME_PARTS = ['MICROSECOND', 'MILLISECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY'];
const DATE_PARTS = ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'];

/** The INTERVAL argument of *_ADD/*_SUB, checked against the parts the function accepts. */
function intervalArg(call: Call, allowedParts: readonly string[]): string {
  const arg = call.args[1];
  if (arg?.type !== 'interval_literal') return refuse(`${call.name} without an INTERVAL argument`);
  const unit = arg.unit?.type === 'interval_unit' ? arg.unit.unitKw.name : 'range';
  if (!allowedParts.includes(unit)) return refuse(`${call.name} with INTERVAL ... ${unit}`);
  return call.e.emit(arg);
}

function shift(operator: '+' | '-', allowedParts: readonly string[], resultCast?: string): FunctionTranslation {
  return (call) => {
    const [value] = scalarArgs(call, { min: 2 });
    const shifted = `${value} ${operator} ${intervalArg(call, allowedParts)}`;
    return resultCast ? `CAST(${shifted} AS ${resultCast})` : `(${shifted})`;
  };
}

/** UTC is the session zone; any other zone argument would change the answer, so it is refused. */
function requireUtc(call: Call, index: number): void {
  if (call.args.length > index && stringLiteralArg(call, index).toUpperCase() !== 'UTC') {
    refuse(`${call.name} with a time zone other than UTC`);
  }
}

/** TIMESTAMP_DIFF counts whole elapsed parts (DuckDB date_sub); DATE_DIFF counts part boundaries (date_diff). */
function difference(duckFunction: 'date_sub' | 'date_diff', allowedParts: readonly string[]): FunctionTranslation {
  return (call) => {
    const [later, earlier] = scalarArgs(call, { min: 3 });
    const part = datePartArg(call, 2);
    if (!allowedParts.includes(part)) return refuse(`${call.name}(..., ${part})`);
    return `${duckFunction}('${part.toLowerCase()}', ${earlier}, ${later})`;
  };
}

/**
 * *_TRUNC: BigQuery's WEEK starts on Sunday, DuckDB's on Monday, so WEEK truncates the day after and steps back;
 * ISOWEEK and WEEK(MONDAY) are DuckDB's week.
 */
function truncate(allowedParts: readonly string[], resultCast?: string): FunctionTranslation {
  return (call) => {
    const [value] = scalarArgs(call, { min: 2, max: 3 });
    requireUtc(call, 2);
    const part = weekAware(call, datePartArg(call, 1));
    let truncated: string;
    if (part === 'WEEK') truncated = `(date_trunc('week', ${value} + INTERVAL 1 DAY) - INTERVAL 1 DAY)`;
    else if (allowedParts.includes(part)) truncated = `date_trunc('${truncPartName(part)}', ${value})`;
    else return refuse(`${call.name}(..., ${part})`);
    return resultCast ? `CAST(${truncated} AS ${resultCast})` : truncated;
  };
}

function weekAware(call: Call, part: string): string {
  if (part === 'ISOWEEK') return 'ISOWEEK_MONDAY';
  if (part !== 'WEEK(...)') return part;
  const arg = call.args[1] as Extract<Node, { type: 'func_call' }>;
  const day = arg.args?.expr.args.items[0];
  const dayName = day?.type === 'identifier' ? day.name.toUpperCase() : '?';
  if (dayName === 'SUNDAY') return 'WEEK';
  if (dayName === 'MONDAY') return 'ISOWEEK_MONDAY';
  return refuse(`${call.name}(..., WEEK(${dayName}))`);
}

const TRUNC_TIME_PARTS = [
  'MICROSECOND',
  'MILLISECOND',
  'SECOND',
  'MINUTE',
  'HOUR',
  'DAY',
  'ISOWEEK_MONDAY',
  'MONTH',
  'QUARTER',
  'YEAR',
];
const TRUNC_DATE_PARTS = ['DAY', 'ISOWEEK_MONDAY', 'MONTH', 'QUARTER', 'YEAR'];

function truncPartName(part: string): string {
  return part === 'ISOWEEK_MONDAY' ? 'week' : part.toLowerCase();
}

function formatted(argIndexOfValue: number): FunctionTranslation {
  return (call) => {
    const args = scalarArgs(call, { min: 2, max: 3 });
    requireUtc(call, 2);
    return `strftime(${args[argIndexOfValue]}, ${quoteString(toDuckTimeFormat(stringLiteralArg(call, 0)))})`;
  };
}

function parsed(resultType: string): FunctionTranslation {
  return (call) => {
    const args = scalarArgs(call, { min: 2, max: 3 });
    requireUtc(call, 2);
    return `CAST(strptime(${args[1]}, ${quoteString(toDuckTimeFormat(stringLiteralArg(call, 0)))}) AS ${resultType})`;
  };
}

function castTo(duckType: string): FunctionTranslation {
  return (call) => {
    const args = scalarArgs(call, { min: 1, max: 2 });
    requireUtc(call, 1);
    return `CAST(${args[0]} AS ${duckType})`;
  };
}

/** DATE(ts, zone): the local date of a TIMESTAMP in a zone (UTC when none); DATE(x) is a cast. */
function dateInZone(call: Call): string {
  const [value] = scalarArgs(call, { min: 1, max: 2 });
  return isUtcZone(call, 1) ? `CAST(${value} AS DATE)` : `CAST(${localTimeIn(call, value!, 1)} AS DATE)`;
}

/** CURRENT_DATE(zone) / CURRENT_DATETIME(zone): today / now on the zone's wall clock. */
function currentIn(utc: string, duckType: 'DATE' | 'TIMESTAMP'): FunctionTranslation {
  return (call) => {
    scalarArgs(call, { min: 0, max: 1 });
    return isUtcZone(call, 0) ? utc : `CAST(${localTimeIn(call, 'current_timestamp', 0)} AS ${duckType})`;
  };
}

export const DATE_FUNCTIONS: Readonly<Record<string, FunctionTranslation>> = {
  CURRENT_TIMESTAMP: (call) => (scalarArgs(call, { min: 0 }), 'current_timestamp'),
  CURRENT_DATE: currentIn('current_date', 'DATE'),
  CURRENT_DATETIME: currentIn('CAST(current_timestamp AS TIMESTAMP)', 'TIMESTAMP'),
  DATE: (call) => {
    if (call.args.length === 3) return `make_date(${scalarArgs(call, { min: 3 }).join(', ')})`;
    return dateInZone(call);
  },
  // TIMESTAMP(string, zone) reads the string in the zone (the inverse conversion): only UTC is translated.
  TIMESTAMP: castTo('TIMESTAMPTZ'),
  // DATETIME(date, time) and DATETIME(ts, zone) share an arity: only a literal 'UTC' second argument is translated.
  DATETIME: castTo('TIMESTAMP'),
  TIMESTAMP_ADD: shift('+', TIME_PARTS),
  TIMESTAMP_SUB: shift('-', TIME_PARTS),
  DATETIME_ADD: shift('+', [...TIME_PARTS, 'WEEK', 'MONTH', 'QUARTER', 'YEAR']),
  DATETIME_SUB: shift('-', [...TIME_PARTS, 'WEEK', 'MONTH', 'QUARTER', 'YEAR']),
  // date + interval is a TIMESTAMP in DuckDB; month arithmetic clamps to the month's end in both.
  DATE_ADD: shift('+', DATE_PARTS, 'DATE'),
  DATE_SUB: shift('-', DATE_PARTS, 'DATE'),
  TIMESTAMP_DIFF: difference('date_sub', TIME_PARTS),
  DATE_DIFF: difference('date_diff', ['DAY', 'MONTH', 'QUARTER', 'YEAR']),
  DATETIME_DIFF: difference('date_diff', [
    'MICROSECOND',
    'MILLISECOND',
    'SECOND',
    'MINUTE',
    'HOUR',
    'DAY',
    'MONTH',
    'QUARTER',
    'YEAR',
  ]),
  TIMESTAMP_TRUNC: truncate(TRUNC_TIME_PARTS),
  DATETIME_TRUNC: truncate(TRUNC_TIME_PARTS),
  DATE_TRUNC: truncate(TRUNC_DATE_PARTS, 'DATE'),
  FORMAT_TIMESTAMP: formatted(1),
  FORMAT_DATE: formatted(1),
  FORMAT_DATETIME: formatted(1),
  PARSE_TIMESTAMP: parsed('TIMESTAMPTZ'),
  PARSE_DATE: parsed('DATE'),
  PARSE_DATETIME: parsed('TIMESTAMP'),
  UNIX_SECONDS: (call) => `CAST(floor(epoch(${scalarArgs(call, { min: 1 })[0]})) AS BIGINT)`,
  UNIX_MILLIS: (call) => `epoch_ms(${scalarArgs(call, { min: 1 })[0]})`,
  UNIX_MICROS: (call) => `epoch_us(${scalarArgs(call, { min: 1 })[0]})`,
  UNIX_DATE: (call) => `date_diff('day', DATE '1970-01-01', ${scalarArgs(call, { min: 1 })[0]})`,
  TIMESTAMP_SECONDS: (call) => `make_timestamptz(CAST(${scalarArgs(call, { min: 1 })[0]} AS BIGINT) * 1000000)`,
  TIMESTAMP_MILLIS: (call) => `make_timestamptz(CAST(${scalarArgs(call, { min: 1 })[0]} AS BIGINT) * 1000)`,
  TIMESTAMP_MICROS: (call) => `make_timestamptz(${scalarArgs(call, { min: 1 })[0]})`,
  DATE_FROM_UNIX_DATE: (call) => `CAST(DATE '1970-01-01' + ${scalarArgs(call, { min: 1 })[0]} AS DATE)`,
  LAST_DAY: (call) => {
    const [value] = scalarArgs(call, { min: 1, max: 2 });
    if (call.args.length === 2 && datePartArg(call, 1) !== 'MONTH')
      return refuse('LAST_DAY with a part other than MONTH');
    return `last_day(${value})`;
  },
  GENERATE_DATE_ARRAY: (call) => {
    const [start, end] = scalarArgs(call, { min: 2, max: 3 });
    const step =
      call.args.length === 3
        ? intervalArg({ ...call, args: [call.args[0]!, call.args[2]!] }, DATE_PARTS)
        : 'INTERVAL 1 DAY';
    return `CAST(generate_series(CAST(${start} AS TIMESTAMP), CAST(${end} AS TIMESTAMP), ${step}) AS DATE[])`;
  },
};
