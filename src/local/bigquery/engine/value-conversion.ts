import { type BigQueryField, canonicalType } from './bigquery-schema';
import { bytesOf, civilMicros, dateDays, scaledDecimal, timeMicros, timestampMicros } from './scalar-parsing';

/** A JSON value that does not fit its BigQuery column or parameter type; `location` is the field path. */
export class ValueConversionError extends Error {
  readonly code = 'INVALID_VALUE';
  constructor(
    message: string,
    readonly location: string,
  ) {
    super(message);
    this.name = 'ValueConversionError';
  }
}

export interface ConversionOptions {
  /** insertAll's ignoreUnknownValues: drop record keys the schema lacks instead of rejecting the row. */
  readonly ignoreUnknownValues?: boolean;
}

/** What a checked value is built into: DuckDB values for binding, or canonical JSON for from_json. */
export interface ValueSink<T> {
  readonly null: T;
  string(value: string): T;
  int64(value: bigint): T;
  float64(value: number): T;
  /** Scale-9 integer. */
  numeric(scaled: bigint): T;
  bool(value: boolean): T;
  bytes(value: Uint8Array): T;
  date(days: number): T;
  datetime(micros: bigint): T;
  time(micros: bigint): T;
  timestamp(micros: bigint): T;
  /** Valid JSON text. */
  json(text: string): T;
  list(items: T[]): T;
  record(entries: Record<string, T>): T;
}

/**
 * One JSON value (an insertAll cell or a decoded query parameter) checked against its BigQuery field and built
 * into `sink`, read the way BigQuery's JSON API reads it: numbers may come as strings, TIMESTAMP as text or epoch
 * seconds, BYTES as base64.
 */
export function convertValue<T>(
  value: unknown,
  field: BigQueryField,
  sink: ValueSink<T>,
  options: ConversionOptions = {},
  path = field.name,
): T {
  if (field.mode?.toUpperCase() === 'REPEATED') {
    // BigQuery stores a NULL array as an empty one.
    if (value === null || value === undefined) return sink.list([]);
    if (!Array.isArray(value)) throw new ValueConversionError(`Field ${path} is REPEATED and needs an array`, path);
    return sink.list(value.map((item, i) => scalar(item, field, sink, options, `${path}[${i}]`)));
  }
  if (value === null || value === undefined) {
    if (field.mode?.toUpperCase() === 'REQUIRED')
      throw new ValueConversionError(`Missing required field: ${path}`, path);
    return sink.null;
  }
  return scalar(value, field, sink, options, path);
}

function scalar<T>(
  value: unknown,
  field: BigQueryField,
  sink: ValueSink<T>,
  options: ConversionOptions,
  path: string,
): T {
  if (value === null || value === undefined) return sink.null;
  const fail = (what: string): never => failConversion(value, what, path);
  switch (canonicalType(field.type)) {
    case 'STRING':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? sink.string(String(value))
        : fail('STRING');
    case 'INTEGER': {
      const text = String(value);
      return /^-?\d+$/.test(text) ? sink.int64(BigInt(text)) : fail('INT64');
    }
    case 'FLOAT': {
      const number =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && value.trim() !== ''
            ? Number(value)
            : Number.NaN;
      return Number.isNaN(number) && value !== 'NaN' ? fail('FLOAT64') : sink.float64(number);
    }
    case 'NUMERIC':
      return sink.numeric(scaledDecimal(String(value)) ?? fail('NUMERIC'));
    case 'BOOLEAN':
      if (value === true || value === 'true' || value === 'TRUE') return sink.bool(true);
      if (value === false || value === 'false' || value === 'FALSE') return sink.bool(false);
      return fail('BOOL');
    case 'BYTES':
      return sink.bytes(bytesOf(value) ?? fail('BYTES'));
    case 'DATE':
      return sink.date(dateDays(String(value)) ?? fail('DATE'));
    case 'DATETIME':
      return sink.datetime(civilMicros(String(value)) ?? fail('DATETIME'));
    case 'TIME':
      return sink.time(timeMicros(String(value)) ?? fail('TIME'));
    case 'TIMESTAMP':
      return sink.timestamp(timestampMicros(value) ?? fail('TIMESTAMP'));
    case 'JSON': {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      try {
        JSON.parse(text);
      } catch {
        return fail('JSON');
      }
      return sink.json(text);
    }
    default:
      return record(value, field, sink, options, path);
  }
}

function failConversion(value: unknown, what: string, path: string): never {
  throw new ValueConversionError(`Cannot convert value to ${what}: ${JSON.stringify(value)} (field ${path})`, path);
}

function record<T>(
  value: unknown,
  field: BigQueryField,
  sink: ValueSink<T>,
  options: ConversionOptions,
  path: string,
): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ValueConversionError(`Field ${path} is a RECORD and needs an object`, path);
  const input = value as Record<string, unknown>;
  const subFields = field.fields ?? [];
  if (!options.ignoreUnknownValues) {
    const unknown = Object.keys(input).find(
      (key) => !subFields.some((sub) => sub.name.toLowerCase() === key.toLowerCase()),
    );
    if (unknown !== undefined)
      throw new ValueConversionError(`no such field: ${path}.${unknown}`, `${path}.${unknown}`);
  }
  const entries: Record<string, T> = {};
  for (const sub of subFields)
    entries[sub.name] = convertValue(lookup(input, sub.name), sub, sink, options, `${path}.${sub.name}`);
  return sink.record(entries);
}

/** BigQuery field names are case-insensitive. */
export function lookup(input: Readonly<Record<string, unknown>>, key: string): unknown {
  if (key in input) return input[key];
  const match = Object.keys(input).find((candidate) => candidate.toLowerCase() === key.toLowerCase());
  return match === undefined ? undefined : input[match];
}
