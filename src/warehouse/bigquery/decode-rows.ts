import type { Row } from '../warehouse';
import { WarehouseError } from '../warehouse';
import type { RestField, RestRow } from './rest-codecs';

/**
 * Turns BigQuery's f/v rows into plain JS rows, one representation per type so callers can compare and
 * re-write what they read:
 *  STRING, DATE, DATETIME, TIME, NUMERIC, BIGNUMERIC, BYTES (base64), GEOGRAPHY, INTERVAL → string (exact text);
 *  INT64 → number when it is a safe integer, else the exact decimal string (e.g. 64-bit fingerprints);
 *  FLOAT64 → number; BOOL → boolean; TIMESTAMP → ISO-8601 UTC string (microseconds kept when present);
 *  JSON → the parsed JSON value; RECORD → object; REPEATED → array; NULL → null.
 */
export function decodeRows(fields: readonly RestField[], rows: readonly RestRow[]): Row[] {
  return rows.map((row) => decodeRecord(fields, row));
}

function decodeRecord(fields: readonly RestField[], record: RestRow): Row {
  const result: Record<string, unknown> = {};
  fields.forEach((field, index) => {
    result[field.name] = decodeCell(field, record.f[index]?.v);
  });
  return result;
}

function decodeCell(field: RestField, cell: unknown): unknown {
  if (field.mode?.toUpperCase() === 'REPEATED') {
    if (cell === null || cell === undefined) return [];
    if (!Array.isArray(cell)) throw shapeError(field);
    return cell.map((item: unknown) => decodeValue(field, isWrapped(item) ? item.v : item));
  }
  return decodeValue(field, cell);
}

function isWrapped(item: unknown): item is { v: unknown } {
  return typeof item === 'object' && item !== null && 'v' in item;
}

function decodeValue(field: RestField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const type = field.type.toUpperCase();
  if (type === 'RECORD' || type === 'STRUCT') {
    if (typeof value !== 'object' || !('f' in value)) throw shapeError(field);
    return decodeRecord(field.fields ?? [], value as RestRow);
  }
  if (typeof value !== 'string') {
    // Tolerate servers that send JSON numbers/booleans for scalars; the REST format itself sends strings.
    if (typeof value === 'number' || typeof value === 'boolean') return decodeValue(field, String(value));
    throw shapeError(field);
  }
  switch (type) {
    case 'INTEGER':
    case 'INT64': {
      const asNumber = Number(value);
      return Number.isSafeInteger(asNumber) ? asNumber : value;
    }
    case 'FLOAT':
    case 'FLOAT64':
      return Number(value);
    case 'BOOLEAN':
    case 'BOOL':
      return value === 'true';
    case 'TIMESTAMP':
      return timestampText(value);
    case 'JSON':
      return JSON.parse(value) as unknown;
    default:
      return value;
  }
}

/**
 * The adapter asks for `formatOptions.useInt64Timestamp`, so TIMESTAMP cells are integer microseconds since the
 * epoch; the older float-seconds form ("1.7E9") and ISO text are understood too.
 */
export function timestampText(value: string): string {
  let micros: bigint;
  if (/^-?\d+$/.test(value)) micros = BigInt(value);
  else if (/^-?\d+(\.\d+)?(E[+-]?\d+)?$/i.test(value)) micros = BigInt(Math.round(Number(value) * 1e6));
  else {
    const parsed = Date.parse(value);
    if (Number.isNaN(parsed)) return value;
    const fraction = /\.(\d{4,6})/.exec(value)?.[1];
    micros = BigInt(parsed) * 1000n + (fraction ? BigInt(fraction.padEnd(6, '0').slice(3, 6)) : 0n);
  }
  const millis = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  const extraMicros = Number(micros - millis * 1000n);
  const iso = new Date(Number(millis)).toISOString();
  return extraMicros === 0 ? iso : `${iso.slice(0, -1)}${String(extraMicros).padStart(3, '0')}Z`;
}

function shapeError(field: RestField): WarehouseError {
  return new WarehouseError('UNKNOWN', `Unexpected cell shape for column ${field.name} (${field.type})`, {
    column: field.name,
  });
}
