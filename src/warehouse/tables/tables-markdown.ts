import type { ColumnDefinition, TableDefinition } from '../warehouse';
import { CENTRAL_DATASET, centralTables, tenantTables } from './index';

/**
 * The table reference of docs/warehouse.md, rendered from the definitions so the doc cannot drift from the DDL
 * (a test compares the two; `npx tsx tests/warehouse/support/write-tables-doc.ts` rewrites the block).
 */
export const TABLES_DOC_BEGIN = '<!-- tables:begin (generated from src/warehouse/tables; do not edit by hand) -->';
export const TABLES_DOC_END = '<!-- tables:end -->';

export function renderTablesMarkdown(): string {
  const sections = [
    `## Central dataset \`${CENTRAL_DATASET}\``,
    '',
    'Rows of every tenant, each carrying `tenant_id`, clustered by `tenant_id` first.',
    '',
    ...centralTables.flatMap((table) => renderTable(CENTRAL_DATASET, table)),
    '## Per-tenant dataset `{tenant_id}`',
    '',
    'One dataset per tenant, named by its tenant id.',
    '',
    ...tenantTables.flatMap((table) => renderTable('{tenant_id}', table)),
  ];
  return [TABLES_DOC_BEGIN, '', ...sections, TABLES_DOC_END].join('\n');
}

function renderTable(dataset: string, table: TableDefinition): string[] {
  const facts = [
    table.partitionBy ? `partitioned by day on \`${table.partitionBy.column}\`` : 'not partitioned',
    table.clusterBy?.length ? `clustered by ${table.clusterBy.map(code).join(', ')}` : 'not clustered',
    table.keyColumns?.length ? `merge key (${table.keyColumns.map(code).join(', ')})` : 'append only',
    ...(table.versionColumn
      ? [`version column ${code(table.versionColumn)}: an older row never overwrites a newer one`]
      : []),
  ];
  return [
    `### \`${dataset}.${table.name}\``,
    '',
    table.description,
    '',
    `${capitalize(facts.join('; '))}.`,
    '',
    '| Column | Type | Mode | Description |',
    '|---|---|---|---|',
    ...table.columns.flatMap((column) => renderColumn(column, '')),
    '',
  ];
}

function renderColumn(column: ColumnDefinition, prefix: string): string[] {
  const name = `${prefix}${column.name}`;
  const line = `| \`${name}\` | ${column.type} | ${column.mode ?? 'NULLABLE'} | ${escapeCell(column.description ?? '')} |`;
  return [line, ...(column.fields ?? []).flatMap((field) => renderColumn(field, `${name}.`))];
}

function code(text: string): string {
  return `\`${text}\``;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
