import type { DataType, Node } from 'sql-parser-cst';
import { quoteIdentifier } from './sql-text';
import { refuse } from './untranslatable';

/** BigQuery scalar type names (and their aliases) → DuckDB types with the same value domain. */
const SCALAR_TYPES: Readonly<Record<string, string>> = {
  INT64: 'BIGINT',
  INT: 'BIGINT',
  INTEGER: 'BIGINT',
  SMALLINT: 'BIGINT',
  BIGINT: 'BIGINT',
  TINYINT: 'BIGINT',
  BYTEINT: 'BIGINT',
  FLOAT64: 'DOUBLE',
  // NUMERIC is 38 digits with 9 after the point in BigQuery.
  NUMERIC: 'DECIMAL(38, 9)',
  DECIMAL: 'DECIMAL(38, 9)',
  BOOL: 'BOOLEAN',
  BOOLEAN: 'BOOLEAN',
  STRING: 'VARCHAR',
  BYTES: 'BLOB',
  DATE: 'DATE',
  // DATETIME is civil time, TIMESTAMP an instant: DuckDB's TIMESTAMP and TIMESTAMPTZ (the session runs in UTC).
  DATETIME: 'TIMESTAMP',
  TIMESTAMP: 'TIMESTAMPTZ',
  TIME: 'TIME',
  JSON: 'JSON',
};

export function emitDataType(node: DataType | Node): string {
  switch (node.type) {
    case 'data_type_name': {
      const name = (Array.isArray(node.name) ? node.name : [node.name]).map((kw) => kw.name).join(' ');
      return scalarType(name);
    }
    case 'identifier':
      return scalarType(node.name.toUpperCase());
    case 'time_data_type':
      if (node.precision || node.timeZoneKw) return refuse(`${node.timeKw.name} type modifiers`);
      return scalarType(node.timeKw.name);
    case 'modified_data_type':
      return emitModifiedType(node);
    case 'parametric_data_type':
      return emitParametricType(node);
    default:
      return refuse(`data type ${node.type}`);
  }
}

function scalarType(name: string): string {
  const mapped = SCALAR_TYPES[name];
  if (!mapped) return refuse(`type ${name}`);
  return mapped;
}

function emitModifiedType(node: Extract<Node, { type: 'modified_data_type' }>): string {
  const base =
    node.dataType.type === 'data_type_name' && !Array.isArray(node.dataType.name) ? node.dataType.name.name : undefined;
  const modifiers = node.modifiers?.type === 'paren_expr' ? node.modifiers.expr.items : [];
  const numbers = modifiers.map((m) => (m.type === 'number_literal' ? m.value : Number.NaN));
  if ((base === 'NUMERIC' || base === 'DECIMAL') && numbers.length >= 1 && numbers.every(Number.isInteger)) {
    const [precision, scale = 0] = numbers as [number, number?];
    if (precision <= 38) return `DECIMAL(${precision}, ${scale})`;
  }
  // STRING(10) / BYTES(10) enforce a maximum length in BigQuery; DuckDB would ignore it.
  return refuse(`parameterized type ${base ?? 'unknown'}(...)`);
}

function emitParametricType(node: Extract<Node, { type: 'parametric_data_type' }>): string {
  const params = node.params?.params.items ?? [];
  if (node.typeKw.name === 'ARRAY') {
    const element = params[0];
    if (!element || element.type !== 'array_type_param') return refuse('ARRAY type without element type');
    if (element.constraints.length > 0) return refuse('constraints inside ARRAY<...>');
    return `${emitDataType(element.dataType)}[]`;
  }
  if (node.typeKw.name === 'STRUCT') {
    const fields = params.map((param) => {
      if (param.type !== 'struct_type_param') return refuse('STRUCT type with unnamed fields');
      if (param.constraints.length > 0) return refuse('constraints inside STRUCT<...>');
      return `${quoteIdentifier(param.name.name)} ${emitDataType(param.dataType)}`;
    });
    if (fields.length === 0) return refuse('STRUCT type without fields');
    return `STRUCT(${fields.join(', ')})`;
  }
  return refuse(`type ${node.typeKw.name}`);
}
