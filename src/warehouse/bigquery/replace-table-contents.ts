import type { TableDefinition, TableRef } from '../warehouse';
import { WarehouseError } from '../warehouse';
import type { AdapterContext } from './context';
import { qualifiedTableName, quoteColumn } from './identifiers';
import { runStatement } from './run-query';

/**
 * Makes `target` hold exactly the rows of `source` in ONE statement (a MERGE that updates, inserts and deletes
 * by key), so readers of the target see the old content or the new, never an empty or half-copied table.
 * A replay promotes its rebuilt tables this way.
 */
export async function replaceTableContents(
  context: AdapterContext,
  source: TableRef,
  target: TableRef,
  definition: TableDefinition,
  timeoutMs?: number,
): Promise<void> {
  const keys = definition.keyColumns ?? [];
  if (keys.length === 0)
    throw new WarehouseError(
      'INVALID_QUERY',
      `Table definition ${definition.name} has no keyColumns: its contents cannot be replaced by key`,
      { table: definition.name },
    );
  const columns = definition.columns.map((column) => column.name);
  const updatable = columns.filter((column) => !keys.includes(column));
  const lines = [
    `MERGE ${qualifiedTableName(context.projectId, target)} AS target`,
    `USING ${qualifiedTableName(context.projectId, source)} AS source`,
    `ON ${keys.map((key) => `target.${quoteColumn(key)} = source.${quoteColumn(key)}`).join(' AND ')}`,
  ];
  if (updatable.length > 0)
    lines.push(
      `WHEN MATCHED THEN UPDATE SET ${updatable.map((column) => `${quoteColumn(column)} = source.${quoteColumn(column)}`).join(', ')}`,
    );
  lines.push(
    `WHEN NOT MATCHED THEN INSERT (${columns.map(quoteColumn).join(', ')}) VALUES (${columns.map((column) => `source.${quoteColumn(column)}`).join(', ')})`,
    'WHEN NOT MATCHED BY SOURCE THEN DELETE',
  );
  await runStatement(context, 'replaceTableContents', lines.join('\n'), [], {
    timeoutMs,
    labels: { operation: 'replace_table_contents' },
  });
}
