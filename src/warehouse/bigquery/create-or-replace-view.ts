import type { TableRef } from '../warehouse';
import type { AdapterContext } from './context';
import { qualifiedTableName } from './identifiers';
import { runStatement } from './run-query';

/**
 * One DDL statement, atomic on BigQuery: readers see the old view or the new one, never no view (unlike
 * delete + tables.insert). The view SQL comes from code (projections), never from a tenant.
 */
export async function createOrReplaceView(
  context: AdapterContext,
  ref: TableRef,
  sql: string,
  description?: string,
): Promise<void> {
  const options = description ? `\nOPTIONS (description = ${stringLiteral(description)})` : '';
  await runStatement(
    context,
    'createOrReplaceView',
    `CREATE OR REPLACE VIEW ${qualifiedTableName(context.projectId, ref)}${options}\nAS\n${sql}`,
    [],
    {
      labels: { operation: 'create_view' },
    },
  );
}

/** DDL OPTIONS take literals, not parameters: escape as a GoogleSQL string literal. */
export function stringLiteral(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}
