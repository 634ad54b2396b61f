import type { ColumnDefinition } from '../warehouse';
import { CENTRAL_DATASET } from '../tables';
import { centralViews, tenantViews } from './view-catalog';
import type { ViewDefinition } from './view-definition';

/**
 * The view reference of docs/warehouse.md, rendered from the view definitions (a test compares the two;
 * `npx tsx tests/views/support/write-views-doc.ts` rewrites the block).
 */
export const VIEWS_DOC_BEGIN = '<!-- views:begin (generated from src/warehouse/views; do not edit by hand) -->';
export const VIEWS_DOC_END = '<!-- views:end -->';

export function renderViewsMarkdown(): string {
  const sections = [
    ...centralViews.map((view) => renderView(CENTRAL_DATASET, view)),
    ...tenantViews.map((view) => renderView('{tenant_id}', view)),
  ];
  return [VIEWS_DOC_BEGIN, '', ...sections.flat(), VIEWS_DOC_END].join('\n');
}

function renderView(dataset: string, view: ViewDefinition): string[] {
  return [
    `### \`${dataset}.${view.name}\``,
    '',
    view.description,
    '',
    '| Column | Type | Mode | Description |',
    '|---|---|---|---|',
    ...view.columns.flatMap((column) => renderColumn(column, '')),
    '',
  ];
}

function renderColumn(column: ColumnDefinition, prefix: string): string[] {
  const name = `${prefix}${column.name}`;
  const line = `| \`${name}\` | ${column.type} | ${column.mode ?? 'NULLABLE'} | ${column.description?.replace(/\|/g, '\\|').replace(/\n/g, ' ') ?? ''} |`;
  return [line, ...(column.fields ?? []).flatMap((field) => renderColumn(field, `${name}.`))];
}
