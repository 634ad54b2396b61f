import type { TableDefinition } from '../warehouse';
import { WarehouseError } from '../warehouse';
import { qualifiedTableName, quoteColumn } from './identifiers';

export const ROWS_PARAMETER = 'rows';

/**
 * One MERGE per batch, source rows from an ARRAY<STRUCT> parameter:
 *
 *   MERGE `p.d.t` AS target USING (SELECT * FROM UNNEST(@rows)) AS source ON target.k = source.k
 *   WHEN MATCHED AND (target.v IS NULL OR source.v > target.v) THEN UPDATE SET c = source.c, …
 *   WHEN NOT MATCHED THEN INSERT (k, v, c, …) VALUES (source.k, source.v, source.c, …)
 *
 * The version guard sits in the WHEN clause, so an older row is skipped and an equal one is a no-op (neither
 * counts as affected). Columns are listed explicitly rather than INSERT ROW, so a table that gained columns
 * later still merges. Key columns are never updated: they are the row's identity.
 */
export function mergeStatement(projectId: string, dataset: string, definition: TableDefinition): string {
  const keys = definition.keyColumns ?? [];
  if (keys.length === 0) {
    throw new WarehouseError(
      'INVALID_QUERY',
      `Table definition ${definition.name} has no keyColumns: it cannot be merged`,
      { table: definition.name },
    );
  }
  const columns = definition.columns.map((column) => column.name);
  const updatable = columns.filter((column) => !keys.includes(column));
  const on = keys.map((key) => `target.${quoteColumn(key)} = source.${quoteColumn(key)}`).join(' AND ');
  const version = definition.versionColumn;
  const guard = version
    ? ` AND (target.${quoteColumn(version)} IS NULL OR source.${quoteColumn(version)} > target.${quoteColumn(version)})`
    : '';
  const lines = [
    `MERGE ${qualifiedTableName(projectId, { dataset, table: definition.name })} AS target`,
    // The subquery form of the source: valid GoogleSQL everywhere, whereas a bare UNNEST as the USING source is
    // not taken by every parser (the local endpoint's). `SELECT *` over an ARRAY<STRUCT> gives one column per field.
    `USING (SELECT * FROM UNNEST(@${ROWS_PARAMETER})) AS source`,
    `ON ${on}`,
  ];
  if (updatable.length > 0) {
    lines.push(
      `WHEN MATCHED${guard} THEN`,
      `  UPDATE SET ${updatable.map((column) => `${quoteColumn(column)} = source.${quoteColumn(column)}`).join(', ')}`,
    );
  }
  lines.push(
    'WHEN NOT MATCHED THEN',
    `  INSERT (${columns.map(quoteColumn).join(', ')})`,
    `  VALUES (${columns.map((column) => `source.${quoteColumn(column)}`).join(', ')})`,
  );
  return lines.join('\n');
}

/** A DML append: the rows are visible and mutable by later DML at once (no streaming buffer). */
export function insertStatement(projectId: string, dataset: string, definition: TableDefinition): string {
  const columns = definition.columns.map((column) => column.name);
  return [
    `INSERT INTO ${qualifiedTableName(projectId, { dataset, table: definition.name })} (${columns.map(quoteColumn).join(', ')})`,
    `SELECT ${columns.map((column) => `source.${quoteColumn(column)}`).join(', ')}`,
    `FROM UNNEST(@${ROWS_PARAMETER}) AS source`,
  ].join('\n');
}
