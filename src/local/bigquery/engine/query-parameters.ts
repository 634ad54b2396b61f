import { type DuckDBType, type DuckDBValue, VARCHAR } from '@duckdb/node-api';
import { quoteString } from '../translator/sql-text';
import { BigQueryApiError } from './api-error';
import { type BigQueryField, duckTypeOfField } from './bigquery-schema';
import type { Bindings } from './duckdb-engine';
import { convertValue, ValueConversionError } from './value-conversion';
import { canonicalJsonSink, duckValueSink, jsonStructure, NotJsonTransportable } from './value-sinks';

export interface QueryParameterType {
  readonly type: string;
  readonly arrayType?: QueryParameterType;
  readonly structTypes?: readonly { readonly name?: string; readonly type: QueryParameterType }[];
}

/** One level of a parameter value as decoded from the request; nested levels are checked during conversion. */
export interface QueryParameterValue {
  readonly value?: unknown;
  readonly arrayValues?: readonly unknown[];
  readonly structValues?: Readonly<Record<string, unknown>>;
}

export interface QueryParameter {
  readonly name?: string;
  readonly parameterType: QueryParameterType;
  readonly parameterValue?: QueryParameterValue;
}

/** A parameter type as a column field, so parameters and insertAll rows share one value conversion. */
function fieldOfParameterType(name: string, type: QueryParameterType): BigQueryField {
  const kind = type.type.toUpperCase();
  if (kind === 'ARRAY') {
    if (!type.arrayType) throw new BigQueryApiError('invalid', `Parameter ${name}: ARRAY without arrayType`);
    const element = fieldOfParameterType(name, type.arrayType);
    if (element.mode === 'REPEATED')
      throw new BigQueryApiError('invalid', `Parameter ${name}: arrays of arrays are not allowed`);
    return { ...element, mode: 'REPEATED' };
  }
  if (kind === 'STRUCT') {
    const fields = (type.structTypes ?? []).map((entry, i) =>
      fieldOfParameterType(entry.name ?? `_field_${i + 1}`, entry.type),
    );
    return { name, type: 'RECORD', mode: 'NULLABLE', fields };
  }
  return { name, type: kind, mode: 'NULLABLE' };
}

/**
 * The parameter's value as plain JSON (arrays and objects), the shape convertValue reads. Nested values arrive
 * unchecked from the request decoder, so their shape is checked here, level by level.
 */
function jsonOfParameterValue(type: QueryParameterType, raw: unknown, path: string): unknown {
  if (raw === undefined || raw === null) return null;
  const value = raw as QueryParameterValue;
  if (typeof raw !== 'object') throw new ValueConversionError(`parameterValue at ${path} must be an object`, path);
  const kind = type.type.toUpperCase();
  if (kind === 'ARRAY') {
    const items = value.arrayValues ?? [];
    if (!Array.isArray(items)) throw new ValueConversionError(`arrayValues at ${path} must be an array`, path);
    return items.map((item, i) => jsonOfParameterValue(type.arrayType!, item, `${path}[${i}]`));
  }
  if (kind === 'STRUCT') {
    const structValues = value.structValues;
    if (!structValues) return null;
    if (typeof structValues !== 'object' || Array.isArray(structValues))
      throw new ValueConversionError(`structValues at ${path} must be an object`, path);
    const entries: Record<string, unknown> = {};
    (type.structTypes ?? []).forEach((entry, i) => {
      const key = entry.name ?? `_field_${i + 1}`;
      entries[key] = jsonOfParameterValue(entry.type, structValues[key], `${path}.${key}`);
    });
    return entries;
  }
  return value.value ?? null;
}

/** The @parameters of one request, ready to stand in the translated SQL and to be bound. */
export interface PreparedParameters {
  /** The (lower-cased) names of every parameter the request carries. */
  readonly names: readonly string[];
  /** The DuckDB SQL standing for @name: `$name`, or a from_json over a bound JSON text for a non-empty array. */
  sqlFor(name: string): string;
  /** Bindings for the parameters the statement uses; a missing one is BigQuery's "Query parameter … not found". */
  bind(usedNames: readonly string[]): Bindings | undefined;
}

interface PreparedParameter {
  readonly sql: string;
  readonly value: DuckDBValue;
  readonly type: DuckDBType;
}

/**
 * Decodes every parameter once. Arrays travel as one JSON text that DuckDB's from_json turns back into the typed
 * list (thousands of rows bind in milliseconds that way); other values, and arrays JSON cannot carry (BYTES,
 * NaN), are bound as DuckDB values.
 */
export function prepareQueryParameters(parameters: readonly QueryParameter[]): PreparedParameters {
  const prepared = new Map<string, PreparedParameter>();
  for (const parameter of parameters) {
    if (!parameter.name)
      throw new BigQueryApiError(
        'invalid',
        'Positional query parameters are not supported by the local BigQuery endpoint',
      );
    const name = parameter.name.toLowerCase();
    const field = fieldOfParameterType(name, parameter.parameterType);
    try {
      prepared.set(
        name,
        prepareOne(name, field, jsonOfParameterValue(parameter.parameterType, parameter.parameterValue, name)),
      );
    } catch (error) {
      if (error instanceof ValueConversionError)
        throw new BigQueryApiError('invalidQuery', `Query parameter '${name}': ${error.message}`);
      throw error;
    }
  }
  return {
    names: [...prepared.keys()],
    sqlFor: (name) => prepared.get(name)?.sql ?? `$${name}`,
    bind: (usedNames) => {
      if (usedNames.length === 0) return undefined;
      const values: Record<string, DuckDBValue> = {};
      const types: Record<string, DuckDBType> = {};
      for (const name of usedNames) {
        const parameter = prepared.get(name);
        if (!parameter) throw new BigQueryApiError('invalidQuery', `Query parameter '${name}' not found`);
        values[name] = parameter.value;
        types[name] = parameter.type;
      }
      return { values, types };
    },
  };
}

function prepareOne(name: string, field: BigQueryField, json: unknown): PreparedParameter {
  if (field.mode === 'REPEATED' && Array.isArray(json) && json.length > 0) {
    try {
      const text = JSON.stringify(convertValue(json, field, canonicalJsonSink));
      return {
        sql: `from_json($${name}, ${quoteString(JSON.stringify(jsonStructure(field)))})`,
        value: text,
        type: VARCHAR,
      };
    } catch (error) {
      if (!(error instanceof NotJsonTransportable)) throw error;
    }
  }
  return { sql: `$${name}`, value: convertValue(json, field, duckValueSink), type: duckTypeOfField(field) };
}
