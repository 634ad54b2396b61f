import { BigQuery } from '@google-cloud/bigquery';
import type { QueryParams } from '../warehouse';
import { WarehouseError } from '../warehouse';
import type { QueryParameter } from './row-parameter';

type ProvidedType = Parameters<typeof BigQuery.valueToQueryParameter_>[1];

/**
 * Named parameters given as values (+ types where a value alone is ambiguous) become REST query parameters
 * the way the client's own `query({ params, types })` builds them, so callers can follow its documentation for
 * arrays, structs and NULLs — with one trap removed: given `types: { day: 'DATE' }`, the client expects a
 * BigQuery.date() wrapper and silently sends NULL for a plain '2026-01-01' string. Strings and Dates for
 * DATE/DATETIME/TIME/TIMESTAMP are wrapped here first.
 */
export function namedQueryParameters(query: QueryParams): QueryParameter[] {
  const params = query.params ?? {};
  const types = (query.types ?? {}) as Readonly<Record<string, ProvidedType>>;
  return Object.keys(params).map((name) => {
    try {
      const type = types[name];
      const converted = BigQuery.valueToQueryParameter_(wrapTemporal(params[name] ?? null, type), type);
      return { ...converted, name } as QueryParameter;
    } catch (error) {
      // The client's messages can include the value; keep only the name of the parameter.
      void error;
      throw new WarehouseError(
        'INVALID_QUERY',
        `Query parameter @${name} cannot be encoded: give its type in \`types\``,
        { parameter: name },
      );
    }
  });
}

function wrapTemporal(value: unknown, type: ProvidedType): unknown {
  if (value === null || value === undefined || type === undefined) return value ?? null;
  if (Array.isArray(type))
    return Array.isArray(value) ? value.map((item) => wrapTemporal(item, type[0] as ProvidedType)) : value;
  if (typeof type === 'object') {
    if (typeof value !== 'object' || Array.isArray(value)) return value;
    const fields = type as Readonly<Record<string, ProvidedType>>;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, wrapTemporal(item, fields[key])]),
    );
  }
  const isText = typeof value === 'string';
  switch (type.toUpperCase()) {
    case 'DATE':
      if (value instanceof Date) return BigQuery.date(value.toISOString().slice(0, 10));
      return isText ? BigQuery.date(value) : value;
    case 'DATETIME':
      return isText ? BigQuery.datetime(value) : value;
    case 'TIME':
      return isText ? BigQuery.time(value) : value;
    case 'TIMESTAMP':
      return isText || value instanceof Date ? BigQuery.timestamp(value) : value;
    default:
      return value;
  }
}
