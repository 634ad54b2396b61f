import type { Row, TableDefinition } from '../warehouse';
import { WarehouseError } from '../warehouse';
import type { ParameterValue, QueryParameter } from './row-parameter';
import { encodeStruct, structType } from './row-parameter';

/**
 * jobs.insert accepts requests up to 10 MB, parameters included. Rows are packed into ARRAY<STRUCT> parameters
 * of at most this many serialized bytes, leaving room for the statement and the envelope.
 */
export const DEFAULT_ROWS_PARAMETER_BUDGET_BYTES = 8 * 1024 * 1024;

/** Encodes rows against the definition (types from the definition, never guessed) and packs them by size. */
export function encodeRowChunks(
  definition: TableDefinition,
  rows: readonly Row[],
  budgetBytes: number,
): ParameterValue[][] {
  const chunks: ParameterValue[][] = [];
  let current: ParameterValue[] = [];
  let currentBytes = 0;
  rows.forEach((row, index) => {
    const encoded: ParameterValue = {
      structValues: encodeStruct(definition.columns, row, `${definition.name}[${index}]`),
    };
    const bytes = Buffer.byteLength(JSON.stringify(encoded)) + 1;
    if (bytes > budgetBytes) {
      throw new WarehouseError(
        'INVALID_ROW',
        `${definition.name}[${index}]: row is larger than one request can carry (${bytes} bytes)`,
        { path: `${definition.name}[${index}]` },
      );
    }
    if (currentBytes + bytes > budgetBytes && current.length > 0) {
      chunks.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(encoded);
    currentBytes += bytes;
  });
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export function rowsParameter(
  name: string,
  definition: TableDefinition,
  values: readonly ParameterValue[],
): QueryParameter {
  return {
    name,
    parameterType: { type: 'ARRAY', arrayType: structType(definition.columns) },
    parameterValue: { arrayValues: values },
  };
}
