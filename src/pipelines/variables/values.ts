/**
 * Typed variable values: how a raw value (from YAML, a schedule or an HTTP request) is checked against its
 * declared type, and how each type is declared to BigQuery as a named query parameter.
 */
import type { ValueType } from '../model/pipeline-codec';
import { DATASET_NAME_PATTERN, isCalendarDate, isProjectId, isTimestamp } from '../model/identifiers';

/** `project` is the built-in project id's own type (a different pattern from dataset/table names). */
export type VariableType = ValueType | 'project';
export type Value = string | number | boolean | readonly string[];

export interface VariableValue {
  readonly name: string;
  readonly type: VariableType;
  readonly value: Value;
  readonly source: 'builtin' | 'parameter' | 'variable';
}

export type Variables = ReadonlyMap<string, VariableValue>;

/** Types whose values are validated identifiers and may therefore appear inside backtick-quoted SQL names. */
export function isIdentifierType(type: VariableType): boolean {
  return type === 'identifier' || type === 'project';
}

export type Coerced = { readonly ok: true; readonly value: Value } | { readonly ok: false; readonly reason: string };

const ok = (value: Value): Coerced => ({ ok: true, value });
const bad = (reason: string): Coerced => ({ ok: false, reason });

/** Checks `raw` against `type`; numeric and boolean strings are accepted because HTTP bodies carry them. */
export function coerceValue(type: VariableType, raw: unknown): Coerced {
  switch (type) {
    case 'string':
      return typeof raw === 'string' ? ok(raw) : bad('expected a string');
    case 'int64': {
      const n = typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
      return typeof n === 'number' && Number.isSafeInteger(n) ? ok(n) : bad('expected an integer');
    }
    case 'float64': {
      const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      return typeof n === 'number' && Number.isFinite(n) ? ok(n) : bad('expected a number');
    }
    case 'bool':
      if (typeof raw === 'boolean') return ok(raw);
      return raw === 'true' || raw === 'false' ? ok(raw === 'true') : bad('expected true or false');
    case 'date':
      return typeof raw === 'string' && isCalendarDate(raw) ? ok(raw) : bad('expected a calendar date YYYY-MM-DD');
    case 'timestamp':
      return typeof raw === 'string' && isTimestamp(raw)
        ? ok(new Date(raw).toISOString())
        : bad('expected an RFC 3339 timestamp with a zone');
    case 'string_array':
      return Array.isArray(raw) && raw.every((x) => typeof x === 'string')
        ? ok(raw as readonly string[])
        : bad('expected a list of strings');
    case 'identifier':
      return typeof raw === 'string' && DATASET_NAME_PATTERN.test(raw)
        ? ok(raw)
        : bad(`expected an identifier matching ${DATASET_NAME_PATTERN}`);
    case 'project':
      return typeof raw === 'string' && isProjectId(raw) ? ok(raw) : bad('expected a Google Cloud project id');
  }
}

/** The `types` entry of a BigQuery named parameter, in the @google-cloud/bigquery client's notation. */
export function queryParameterType(type: VariableType): string | readonly string[] {
  switch (type) {
    case 'int64':
      return 'INT64';
    case 'float64':
      return 'FLOAT64';
    case 'bool':
      return 'BOOL';
    case 'date':
      return 'DATE';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'string_array':
      return ['STRING'];
    default:
      return 'STRING';
  }
}

/**
 * The value of a named parameter as the Warehouse port takes it: the @google-cloud/bigquery client's notation,
 * which the adapter follows. For DATE and TIMESTAMP the client reads `.value` of its BigQueryDate /
 * BigQueryTimestamp wrappers and drops a bare string (the parameter would silently be NULL), so those travel
 * as `{ value }`.
 */
export function queryParameterValue(type: VariableType, value: Value): unknown {
  return type === 'date' || type === 'timestamp' ? { value: valueAsText(value) } : value;
}

/** Plain-text form of a value, for non-SQL templates (URLs, messages, identifiers). */
export function valueAsText(value: Value): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}
