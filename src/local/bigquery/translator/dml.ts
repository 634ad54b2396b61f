import type { Node } from 'sql-parser-cst';
import type { Emitter } from './emitter';
import { emitTableName, nameParts } from './names';
import { emitFromItem, emitWith } from './select';
import { quoteIdentifier } from './sql-text';
import { refuse } from './untranslatable';

type NodeOf<T extends Node['type']> = Extract<Node, { type: T }>;

/** A DML target: `ds.t`, `ds.t AS x` or `ds.t x`. */
function emitTarget(node: Node): string {
  if (node.type === 'alias') return `${emitTableName(node.expr)} AS ${quoteIdentifier(node.alias.name)}`;
  return emitTableName(node);
}

/** `SET t.col = …`: DuckDB wants the bare column name on the left. */
function emitAssignment(node: NodeOf<'column_assignment'>, e: Emitter): string {
  const column = nameParts(node.column)?.at(-1);
  if (!column) return refuse('multi-column assignment');
  const value = node.expr.type === 'default' ? 'DEFAULT' : e.emit(node.expr);
  return `${quoteIdentifier(column)} = ${value}`;
}

function emitColumnList(columns: NodeOf<'paren_expr'> | undefined): string {
  if (!columns) return '';
  const list = columns.expr as NodeOf<'list_expr'>;
  return ` (${list.items.map((c) => quoteIdentifier((c as NodeOf<'identifier'>).name)).join(', ')})`;
}

export function emitInsert(node: NodeOf<'insert_stmt'>, e: Emitter): string {
  return node.clauses
    .map((clause) => {
      switch (clause.type) {
        case 'with_clause':
          return emitWith(clause, e);
        case 'insert_clause':
          if (clause.modifiers.length > 0 || clause.orAction || clause.insertKw.name !== 'INSERT')
            return refuse('INSERT modifiers');
          return `INSERT INTO ${emitTarget(clause.table)}${emitColumnList(clause.columns)}`;
        case 'values_clause':
          return emitValues(clause, e);
        case 'select_stmt':
        case 'compound_select_stmt':
        case 'paren_expr':
          return e.emit(clause);
        default:
          return refuse(`INSERT clause ${clause.type}`);
      }
    })
    .join(' ');
}

function emitValues(clause: NodeOf<'values_clause'>, e: Emitter): string {
  const rows = clause.values.items.map((row) => {
    if (row.type !== 'paren_expr') return refuse('VALUES ROW(...)');
    return `(${row.expr.items.map((value) => (value.type === 'default' ? 'DEFAULT' : e.emit(value))).join(', ')})`;
  });
  return `VALUES ${rows.join(', ')}`;
}

export function emitUpdate(node: NodeOf<'update_stmt'>, e: Emitter): string {
  return node.clauses
    .map((clause) => {
      switch (clause.type) {
        case 'with_clause':
          return emitWith(clause, e);
        case 'update_clause':
          if (clause.modifiers.length > 0 || clause.orAction || clause.tables.items.length !== 1)
            return refuse('UPDATE form');
          return `UPDATE ${emitTarget(clause.tables.items[0]!)}`;
        case 'set_clause':
          return `SET ${clause.assignments.items.map((a) => emitAssignment(a, e)).join(', ')}`;
        case 'from_clause':
          return `FROM ${emitFromItem(clause.expr, e, new Set())}`;
        case 'where_clause':
          return `WHERE ${e.emit(clause.expr)}`;
        default:
          return refuse(`UPDATE clause ${clause.type}`);
      }
    })
    .join(' ');
}

export function emitDelete(node: NodeOf<'delete_stmt'>, e: Emitter): string {
  return node.clauses
    .map((clause) => {
      switch (clause.type) {
        case 'delete_clause':
          if (clause.modifiers.length > 0 || clause.tables.items.length !== 1) return refuse('DELETE form');
          return `DELETE FROM ${emitTarget(clause.tables.items[0]!)}`;
        case 'where_clause':
          return `WHERE ${e.emit(clause.expr)}`;
        default:
          return refuse(`DELETE clause ${clause.type}`);
      }
    })
    .join(' ');
}

/**
 * MERGE: BigQuery allows `MERGE t` without INTO and `INSERT ROW`; DuckDB (≥ 1.4) has MERGE INTO, and its bare
 * `INSERT` takes the source row's columns in order, which is what INSERT ROW means.
 */
export function emitMerge(node: NodeOf<'merge_stmt'>, e: Emitter): string {
  return node.clauses
    .map((clause) => {
      switch (clause.type) {
        case 'with_clause':
          return emitWith(clause, e);
        case 'merge_clause':
          return `MERGE INTO ${emitTarget(clause.target)} USING ${emitFromItem(clause.source, e, new Set())} ON ${e.emit(clause.condition)}`;
        case 'merge_when_clause':
          return emitMergeWhen(clause, e);
        default:
          return refuse(`MERGE clause ${clause.type}`);
      }
    })
    .join(' ');
}

function emitMergeWhen(clause: NodeOf<'merge_when_clause'>, e: Emitter): string {
  const matched = Array.isArray(clause.matchedKw) ? 'NOT MATCHED' : 'MATCHED';
  const by = clause.byKw ? ` BY ${clause.byKw[1].name}` : '';
  const condition = clause.condition ? ` AND ${e.emit(clause.condition.expr)}` : '';
  return `WHEN ${matched}${by}${condition} THEN ${emitMergeAction(clause.action, e)}`;
}

function emitMergeAction(action: NodeOf<'merge_when_clause'>['action'], e: Emitter): string {
  switch (action.type) {
    case 'merge_action_delete':
      return 'DELETE';
    case 'merge_action_update':
      return `UPDATE SET ${action.set.assignments.items.map((a) => emitAssignment(a, e)).join(', ')}`;
    case 'merge_action_insert': {
      const [body, ...rest] = action.clauses;
      if (rest.length > 0 || !body) return refuse('MERGE INSERT form');
      if (body.type === 'merge_action_insert_row_clause') return 'INSERT';
      if (body.type !== 'values_clause') return refuse(`MERGE INSERT ${body.type}`);
      return `INSERT${emitColumnList(action.columns)} ${emitValues(body, e)}`;
    }
    default:
      return refuse(`MERGE action ${action.type}`);
  }
}
