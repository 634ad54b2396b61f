import type { ColumnDefinition, Row } from '../warehouse';
import { WarehouseError } from '../warehouse';

/** BigQuery's REST shapes for a query parameter (jobs.insert configuration.query.queryParameters). */
export interface ParameterType {
  readonly type: string;
  readonly arrayType?: ParameterType;
  readonly structTypes?: readonly { readonly name: string; readonly type: ParameterType }[];
}
export interface ParameterValue {
  readonly value?: string;
  readonly arrayValues?: readonly ParameterValue[];
  readonly structValues?: Readonly<Record<string, ParameterValue>>;
}
export interface QueryParameter {
  readonly name: string;
  readonly parameterType: ParameterType;
  readonly parameterValue: ParameterValue;
}

/** A value that needs no `value`: BigQuery reads an empty parameter value as NULL (scalars and structs alike). */
const NULL_VALUE: ParameterValue = {};

const SCALAR_PARAMETER_TYPES: Readonly<Record<string, string>> = {
  STRING: 'STRING',
  INT64: 'INT64',
  FLOAT64: 'FLOAT64',
  NUMERIC: 'NUMERIC',
  BOOL: 'BOOL',
  TIMESTAMP: 'TIMESTAMP',
  DATE: 'DATE',
  DATETIME: 'DATETIME',
  JSON: 'JSON',
  BYTES: 'BYTES',
};

function elementType(column: ColumnDefinition): ParameterType {
  if (column.type === 'RECORD') return structType(column.fields ?? []);
  return { type: SCALAR_PARAMETER_TYPES[column.type] ?? column.type };
}

export function columnParameterType(column: ColumnDefinition): ParameterType {
  return column.mode === 'REPEATED' ? { type: 'ARRAY', arrayType: elementType(column) } : elementType(column);
}

export function structType(columns: readonly ColumnDefinition[]): ParameterType {
  return {
    type: 'STRUCT',
    structTypes: columns.map((column) => ({ name: column.name, type: columnParameterType(column) })),
  };
}

/** Names the offending column and JS type; never the value, which may be anything a tenant sent. */
function rowError(path: string, problem: string): WarehouseError {
  return new WarehouseError('INVALID_ROW', `${path}: ${problem}`, { path });
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'Date';
  return typeof value;
}

function scalarText(column: ColumnDefinition, value: unknown, path: string): string {
  const wrong = () => rowError(path, `expected ${column.type}, got ${describeType(value)}`);
  switch (column.type) {
    case 'STRING':
      if (typeof value !== 'string') throw wrong();
      return value;
    case 'INT64':
      if (typeof value === 'bigint') return value.toString();
      if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
      if (typeof value === 'string' && /^-?\d{1,19}$/.test(value)) return value;
      throw wrong();
    case 'FLOAT64':
      if (typeof value === 'number')
        return Number.isNaN(value)
          ? 'NaN'
          : value === Infinity
            ? 'Infinity'
            : value === -Infinity
              ? '-Infinity'
              : String(value);
      throw wrong();
    case 'NUMERIC':
      // Strings keep exact decimals; numbers are accepted for convenience and written without exponent.
      if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return value;
      if (typeof value === 'bigint') return value.toString();
      if (typeof value === 'number' && Number.isFinite(value)) return plainDecimal(value);
      throw wrong();
    case 'BOOL':
      if (typeof value !== 'boolean') throw wrong();
      return value ? 'true' : 'false';
    case 'TIMESTAMP':
      if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
      if (typeof value === 'string' && value.length > 0) return value;
      throw wrong();
    case 'DATE':
      if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
      throw wrong();
    case 'DATETIME':
      if (typeof value === 'string' && value.length > 0) return value;
      throw wrong();
    case 'BYTES':
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      if (typeof value === 'string') return value; // already base64, as BigQuery returns BYTES
      throw wrong();
    case 'JSON':
      // Any JS value is serialized: a JS string becomes a JSON string. Reads parse JSON back, so values round-trip.
      return JSON.stringify(value);
    default:
      throw rowError(path, `unsupported column type ${column.type}`);
  }
}

function plainDecimal(value: number): string {
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(9).replace(/\.?0+$/, '') : text;
}

export function encodeColumnValue(column: ColumnDefinition, value: unknown, path: string): ParameterValue {
  if (column.mode === 'REPEATED') {
    // BigQuery has no NULL arrays in tables: a missing repeated value is the empty array.
    if (value === null || value === undefined) return { arrayValues: [] };
    if (!Array.isArray(value)) throw rowError(path, `expected an array (REPEATED), got ${describeType(value)}`);
    return {
      arrayValues: value.map((item, index) => {
        if (item === null || item === undefined)
          throw rowError(`${path}[${index}]`, 'arrays cannot hold NULL elements');
        return encodeElement(column, item, `${path}[${index}]`);
      }),
    };
  }
  if (value === null || value === undefined) {
    if (column.mode === 'REQUIRED') throw rowError(path, 'REQUIRED column is missing or null');
    return NULL_VALUE;
  }
  return encodeElement(column, value, path);
}

function encodeElement(column: ColumnDefinition, value: unknown, path: string): ParameterValue {
  if (column.type !== 'RECORD') return { value: scalarText(column, value, path) };
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) {
    throw rowError(path, `expected an object (RECORD), got ${describeType(value)}`);
  }
  return { structValues: encodeStruct(column.fields ?? [], value as Row, path) };
}

/** Encodes one row (or record) field by field, in definition order; unknown keys are refused, not dropped. */
export function encodeStruct(
  columns: readonly ColumnDefinition[],
  row: Row,
  path: string,
): Record<string, ParameterValue> {
  const values: Record<string, ParameterValue> = {};
  for (const column of columns)
    values[column.name] = encodeColumnValue(column, row[column.name], `${path}.${column.name}`);
  const known = new Set(columns.map((column) => column.name));
  for (const key of Object.keys(row)) {
    if (!known.has(key)) throw rowError(`${path}.${key}`, 'no such column in the table definition');
  }
  return values;
}
