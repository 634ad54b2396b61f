import {
  BIGINT,
  BLOB,
  BOOLEAN,
  DATE,
  DECIMAL,
  DOUBLE,
  type DuckDBType,
  DuckDBTypeId,
  DuckDBVarCharType,
  LIST,
  STRUCT,
  TIME,
  TIMESTAMP,
  TIMESTAMPTZ,
  VARCHAR,
} from '@duckdb/node-api';
import { quoteIdentifier } from '../translator/sql-text';

/** A column as BigQuery's REST API describes it (`schema.fields[]`). */
export interface BigQueryField {
  readonly name: string;
  readonly type: string;
  readonly mode?: string;
  readonly description?: string;
  readonly fields?: readonly BigQueryField[];
}

/** BigQuery's canonical (legacy REST) spelling of each type; request schemas may use either spelling. */
const CANONICAL_TYPE: Readonly<Record<string, string>> = {
  STRING: 'STRING',
  BYTES: 'BYTES',
  INTEGER: 'INTEGER',
  INT64: 'INTEGER',
  FLOAT: 'FLOAT',
  FLOAT64: 'FLOAT',
  NUMERIC: 'NUMERIC',
  BOOLEAN: 'BOOLEAN',
  BOOL: 'BOOLEAN',
  TIMESTAMP: 'TIMESTAMP',
  DATE: 'DATE',
  TIME: 'TIME',
  DATETIME: 'DATETIME',
  JSON: 'JSON',
  RECORD: 'RECORD',
  STRUCT: 'RECORD',
};

export class UnsupportedColumnType extends Error {
  readonly code = 'UNSUPPORTED_COLUMN_TYPE';
}

export function canonicalType(type: string): string {
  const canonical = CANONICAL_TYPE[type.toUpperCase()];
  if (!canonical)
    throw new UnsupportedColumnType(`Column type ${type} is not supported by the local BigQuery endpoint`);
  return canonical;
}

const JSON_TYPE = DuckDBVarCharType.create('JSON');

/** The DuckDB type holding one value of the field, ignoring its mode. */
function elementDuckType(field: BigQueryField): DuckDBType {
  switch (canonicalType(field.type)) {
    case 'STRING':
      return VARCHAR;
    case 'BYTES':
      return BLOB;
    case 'INTEGER':
      return BIGINT;
    case 'FLOAT':
      return DOUBLE;
    case 'NUMERIC':
      return DECIMAL(38, 9);
    case 'BOOLEAN':
      return BOOLEAN;
    case 'TIMESTAMP':
      return TIMESTAMPTZ;
    case 'DATE':
      return DATE;
    case 'TIME':
      return TIME;
    case 'DATETIME':
      return TIMESTAMP;
    case 'JSON':
      return JSON_TYPE;
    default: {
      const entries: Record<string, DuckDBType> = {};
      for (const sub of field.fields ?? []) entries[sub.name] = duckTypeOfField(sub);
      if (Object.keys(entries).length === 0)
        throw new UnsupportedColumnType(`RECORD field ${field.name} has no fields`);
      return STRUCT(entries);
    }
  }
}

/** The DuckDB type of a column: REPEATED fields are lists. */
export function duckTypeOfField(field: BigQueryField): DuckDBType {
  const element = elementDuckType(field);
  return field.mode?.toUpperCase() === 'REPEATED' ? LIST(element) : element;
}

/** The SQL column definition for CREATE TABLE. `JSON` keeps its name: DuckDB prints the alias as VARCHAR. */
export function columnDefinitionSql(field: BigQueryField): string {
  const required = field.mode?.toUpperCase() === 'REQUIRED' ? ' NOT NULL' : '';
  return `${quoteIdentifier(field.name)} ${duckTypeSql(field)}${required}`;
}

function duckTypeSql(field: BigQueryField): string {
  const element =
    canonicalType(field.type) === 'JSON'
      ? 'JSON'
      : canonicalType(field.type) === 'RECORD'
        ? `STRUCT(${(field.fields ?? []).map((sub) => `${quoteIdentifier(sub.name)} ${duckTypeSql(sub)}`).join(', ')})`
        : elementDuckType(field).toString();
  return field.mode?.toUpperCase() === 'REPEATED' ? `${element}[]` : element;
}

/** The BigQuery field a DuckDB result column reads as. Lists of lists have no BigQuery form. */
export function fieldOfDuckType(name: string, type: DuckDBType, required = false): BigQueryField {
  if (type.typeId === DuckDBTypeId.LIST || type.typeId === DuckDBTypeId.ARRAY) {
    const element = fieldOfDuckType(name, type.valueType);
    if (element.mode === 'REPEATED')
      throw new UnsupportedColumnType(`Column ${name} is an array of arrays, which BigQuery cannot return`);
    return { ...element, mode: 'REPEATED' };
  }
  const mode = required ? 'REQUIRED' : 'NULLABLE';
  if (type.typeId === DuckDBTypeId.STRUCT) {
    const fields = type.entryNames.map((entry, i) => fieldOfDuckType(entry, type.entryTypes[i]!));
    return { name, type: 'RECORD', mode, fields };
  }
  return { name, type: scalarTypeName(type), mode };
}

function scalarTypeName(type: DuckDBType): string {
  if (type.alias === 'JSON') return 'JSON';
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return 'BOOLEAN';
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return 'INTEGER';
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return 'FLOAT';
    case DuckDBTypeId.DECIMAL:
      return 'NUMERIC';
    case DuckDBTypeId.BLOB:
      return 'BYTES';
    case DuckDBTypeId.DATE:
      return 'DATE';
    case DuckDBTypeId.TIME:
      return 'TIME';
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return 'DATETIME';
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'TIMESTAMP';
    default:
      // VARCHAR, UUID, ENUM, INTERVAL …: rendered as text.
      return 'STRING';
  }
}
