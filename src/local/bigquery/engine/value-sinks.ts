import {
  blobValue,
  dateValue,
  decimalValue,
  type DuckDBValue,
  listValue,
  structValue,
  timestampTZValue,
  timestampValue,
  timeValue,
} from '@duckdb/node-api';
import { type BigQueryField, canonicalType } from './bigquery-schema';
import { encodeTimestamp } from './row-encoding';
import { decimalText } from './scalar-parsing';
import type { ValueSink } from './value-conversion';

/** Checked values as DuckDB values, for binding as statement parameters. */
export const duckValueSink: ValueSink<DuckDBValue> = {
  null: null,
  string: (value) => value,
  int64: (value) => value,
  float64: (value) => value,
  numeric: (scaled) => decimalValue(scaled, 38, 9),
  bool: (value) => value,
  bytes: (value) => blobValue(value),
  date: (days) => dateValue(days),
  datetime: (micros) => timestampValue(micros),
  time: (micros) => timeValue(micros),
  timestamp: (micros) => timestampTZValue(micros),
  json: (text) => text,
  list: (items) => listValue(items),
  record: (entries) => structValue(entries),
};

/** Raised by the JSON sink for values JSON text cannot carry (BYTES, NaN and infinities). */
export class NotJsonTransportable extends Error {
  readonly code = 'NOT_JSON_TRANSPORTABLE';
}

const civil = (micros: bigint) => encodeTimestamp(micros, 'ISO8601').replace('T', ' ').replace('Z', '');

/**
 * Checked values as the JSON text DuckDB's from_json reads back into the declared type. Binding one JSON text is
 * far cheaper than building thousands of nested DuckDB values in JavaScript (a 10k-row MERGE parameter).
 */
export const canonicalJsonSink: ValueSink<unknown> = {
  null: null,
  string: (value) => value,
  int64: (value) => value.toString(),
  float64: (value) => {
    if (!Number.isFinite(value)) throw new NotJsonTransportable('non-finite FLOAT64');
    return value;
  },
  numeric: (scaled) => decimalText(scaled),
  bool: (value) => value,
  bytes: () => {
    throw new NotJsonTransportable('BYTES');
  },
  date: (days) => new Date(days * 86_400_000).toISOString().slice(0, 10),
  datetime: civil,
  time: (micros) => civil(micros).slice(11),
  timestamp: (micros) => encodeTimestamp(micros, 'ISO8601'),
  json: (text) => JSON.parse(text) as unknown,
  list: (items) => items,
  record: (entries) => entries,
};

/** The from_json structure argument describing a field's DuckDB type. */
export function jsonStructure(field: BigQueryField, ignoreMode = false): unknown {
  if (!ignoreMode && field.mode?.toUpperCase() === 'REPEATED') return [jsonStructure(field, true)];
  const type = canonicalType(field.type);
  if (type === 'RECORD') return Object.fromEntries((field.fields ?? []).map((sub) => [sub.name, jsonStructure(sub)]));
  const duckTypes: Readonly<Record<string, string>> = {
    STRING: 'VARCHAR',
    INTEGER: 'BIGINT',
    FLOAT: 'DOUBLE',
    NUMERIC: 'DECIMAL(38,9)',
    BOOLEAN: 'BOOLEAN',
    DATE: 'DATE',
    DATETIME: 'TIMESTAMP',
    TIME: 'TIME',
    TIMESTAMP: 'TIMESTAMPTZ',
    JSON: 'JSON',
    BYTES: 'BLOB',
  };
  return duckTypes[type];
}
