import {
  DuckDBBlobValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBStructValue,
  DuckDBTimestampTZValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { BigQueryField } from './bigquery-schema';

/** How TIMESTAMP cells are written: int64 microseconds (what client 8 asks for), float seconds, or ISO text. */
export type TimestampFormat = 'INT64' | 'FLOAT' | 'ISO8601';

/** A BigQuery REST row: `{f: [{v: …}, …]}`, every scalar as a string, RECORDs nested, REPEATED as `[{v}]`. */
export interface EncodedRow {
  readonly f: readonly { readonly v: unknown }[];
}

export function encodeRow(
  row: readonly DuckDBValue[],
  fields: readonly BigQueryField[],
  timestamps: TimestampFormat,
): EncodedRow {
  return { f: fields.map((field, i) => ({ v: encodeCell(row[i] ?? null, field, timestamps) })) };
}

function encodeCell(value: DuckDBValue, field: BigQueryField, timestamps: TimestampFormat): unknown {
  if (value === null) return null;
  if (field.mode === 'REPEATED') {
    const items = value instanceof DuckDBListValue ? value.items : [];
    return items.map((item) => ({ v: encodeScalar(item, field, timestamps) }));
  }
  return encodeScalar(value, field, timestamps);
}

function encodeScalar(value: DuckDBValue, field: BigQueryField, timestamps: TimestampFormat): unknown {
  if (value === null) return null;
  switch (field.type) {
    case 'RECORD': {
      const entries = value instanceof DuckDBStructValue ? value.entries : {};
      return { f: (field.fields ?? []).map((sub) => ({ v: encodeCell(entries[sub.name] ?? null, sub, timestamps) })) };
    }
    case 'BOOLEAN':
      return value ? 'true' : 'false';
    case 'BYTES':
      return value instanceof DuckDBBlobValue
        ? Buffer.from(value.bytes).toString('base64')
        : Buffer.from(String(value)).toString('base64');
    case 'NUMERIC':
      return value instanceof DuckDBDecimalValue ? trimDecimal(value.toString()) : String(value);
    case 'DATETIME':
      return String(value).replace(' ', 'T');
    case 'TIMESTAMP':
      return value instanceof DuckDBTimestampTZValue ? encodeTimestamp(value.micros, timestamps) : String(value);
    default:
      return String(value);
  }
}

/** 1.500000000 → 1.5, 2.000000000 → 2: BigQuery prints NUMERIC without trailing zeros. */
function trimDecimal(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

export function encodeTimestamp(micros: bigint, format: TimestampFormat): string {
  if (format === 'INT64') return micros.toString();
  if (format === 'FLOAT') return (Number(micros) / 1e6).toString();
  const millis = micros / 1000n;
  const extraMicros = Number(((micros % 1000n) + 1000n) % 1000n);
  const floorMillis = micros < 0n && extraMicros !== 0 ? millis - 1n : millis;
  const iso = new Date(Number(floorMillis)).toISOString(); // 2024-01-01T00:00:00.123Z
  return `${iso.slice(0, -1)}${String(extraMicros).padStart(3, '0')}Z`;
}
