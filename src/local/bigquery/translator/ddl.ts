import type { Node } from 'sql-parser-cst';
import type { Emitter } from './emitter';
import { emitTableName, nameParts } from './names';
import { quoteIdentifier } from './sql-text';
import { emitDataType } from './types';
import { refuse } from './untranslatable';

type NodeOf<T extends Node['type']> = Extract<Node, { type: T }>;

/** Storage hints with no effect on results: partitioning, clustering, OPTIONS(...). DuckDB has no use for them. */
const DROPPED_CLAUSES = new Set(['partition_by_clause', 'cluster_by_clause', 'bigquery_options']);

const orReplace = (kw: unknown) => (kw ? ' OR REPLACE' : '');
const ifNotExists = (kw: unknown) => (kw ? ' IF NOT EXISTS' : '');
const ifExists = (kw: unknown) => (kw ? ' IF EXISTS' : '');

export function emitCreateTable(node: NodeOf<'create_table_stmt'>, e: Emitter): string {
  if (node.kind) return refuse(`CREATE ${node.kind.type} TABLE`);
  if (node.options || node.partitionOf || node.ofType) return refuse('CREATE TABLE form');
  let body = '';
  if (node.columns) body = ` (${node.columns.expr.items.map((column) => emitColumnDefinition(column)).join(', ')})`;
  for (const clause of node.clauses) {
    if (DROPPED_CLAUSES.has(clause.type)) continue;
    if (clause.type === 'as_clause') body += ` AS ${e.emit(clause.expr)}`;
    else return refuse(`CREATE TABLE ${clause.type}`);
  }
  return `CREATE${orReplace(node.orReplaceKw)} TABLE${ifNotExists(node.ifNotExistsKw)} ${emitTableName(node.name)}${body}`;
}

function emitColumnDefinition(column: Node): string {
  if (column.type !== 'column_definition') return refuse(`table constraint ${column.type}`);
  if (!column.dataType) return refuse('column without a type');
  let text = `${quoteIdentifier(column.name.name)} ${emitDataType(column.dataType)}`;
  for (const constraint of column.constraints) {
    if (constraint.type === 'constraint_not_null') text += ' NOT NULL';
    else if (constraint.type === 'bigquery_options') continue;
    else return refuse(`column constraint ${constraint.type}`);
  }
  return text;
}

export function emitCreateView(node: NodeOf<'create_view_stmt'>, e: Emitter): string {
  if (node.kinds.length > 0 || node.columns) return refuse('CREATE VIEW form');
  let body = '';
  for (const clause of node.clauses) {
    if (DROPPED_CLAUSES.has(clause.type)) continue;
    if (clause.type === 'as_clause') body = ` AS ${e.emit(clause.expr)}`;
    else return refuse(`CREATE VIEW ${clause.type}`);
  }
  if (!body) return refuse('CREATE VIEW without AS');
  return `CREATE${orReplace(node.orReplaceKw)} VIEW${ifNotExists(node.ifNotExistsKw)} ${emitTableName(node.name)}${body}`;
}

function emitSchemaName(node: Node | undefined): string {
  const parts = node && nameParts(node);
  if (!parts || parts.length > 2) return refuse('schema name');
  return quoteIdentifier(parts.at(-1)!);
}

export function emitCreateSchema(node: NodeOf<'create_schema_stmt'>): string {
  if (node.statements.length > 0 || node.clauses.some((c) => !DROPPED_CLAUSES.has(c.type)))
    return refuse('CREATE SCHEMA form');
  return `CREATE SCHEMA${ifNotExists(node.ifNotExistsKw)} ${emitSchemaName(node.name)}`;
}

export function emitDropSchema(node: NodeOf<'drop_schema_stmt'>): string {
  const behavior = node.behaviorKw ? ` ${node.behaviorKw.name}` : '';
  return `DROP SCHEMA${ifExists(node.ifExistsKw)} ${node.schemas.items.map(emitSchemaName).join(', ')}${behavior}`;
}

export function emitDropTable(node: NodeOf<'drop_table_stmt' | 'drop_view_stmt'>): string {
  if (node.kind || node.behaviorKw) return refuse('DROP form');
  const what = node.type === 'drop_table_stmt' ? 'TABLE' : 'VIEW';
  const names = node.type === 'drop_table_stmt' ? node.tables.items : node.views.items;
  return `DROP ${what}${ifExists(node.ifExistsKw)} ${names.map(emitTableName).join(', ')}`;
}

export function emitTruncate(node: NodeOf<'truncate_stmt'>): string {
  if (node.restartOrContinueKw || node.behaviorKw || node.tables.items.length !== 1) return refuse('TRUNCATE form');
  return `TRUNCATE TABLE ${emitTableName(node.tables.items[0]!)}`;
}
