import type { Row, TableDefinition } from '../warehouse';
import { WarehouseError } from '../warehouse';

/**
 * BigQuery's MERGE fails when two source rows match one target row, and inserts both when neither matches.
 * A batch (e.g. several events for one projected row) is therefore reduced to one row per key first: the
 * highest version wins; on equal versions, or without a version column, the later row in the batch wins.
 */
export function dedupeByKey(definition: TableDefinition, rows: readonly Row[]): Row[] {
  const keyColumns = definition.keyColumns ?? [];
  const version = definition.versionColumn;
  const winners = new Map<string, { row: Row; index: number }>();
  rows.forEach((row, index) => {
    const key = JSON.stringify(
      keyColumns.map((column) => normalizeKeyPart(row[column], `${definition.name}[${index}].${column}`)),
    );
    const previous = winners.get(key);
    if (
      !previous ||
      !version ||
      compareVersions(row[version], previous.row[version], `${definition.name}[${index}].${version}`) >= 0
    ) {
      winners.set(key, { row, index });
    }
  });
  // Keep batch order for the survivors: deterministic statements, easier to read in job history.
  return [...winners.values()].sort((a, b) => a.index - b.index).map((winner) => winner.row);
}

function normalizeKeyPart(value: unknown, path: string): unknown {
  if (value === null || value === undefined) {
    throw new WarehouseError(
      'INVALID_ROW',
      `${path}: key column is missing or null (NULL never equals NULL in MERGE … ON)`,
      { path },
    );
  }
  // Compared as the text BigQuery will receive, so 7, 7n and '7' in an INT64 key are one key, as on the server.
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value;
}

function compareVersions(a: unknown, b: unknown, path: string): number {
  const left = versionNumber(a, path);
  const right = versionNumber(b, path);
  return left === right ? 0 : left > right ? 1 : -1;
}

function versionNumber(value: unknown, path: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  if (value instanceof Date) return BigInt(value.getTime());
  // A TIMESTAMP version column given as text; millisecond precision is enough to order event times.
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return BigInt(Date.parse(value));
  throw new WarehouseError('INVALID_ROW', `${path}: version column must be an integer (or timestamp) and not null`, {
    path,
  });
}
