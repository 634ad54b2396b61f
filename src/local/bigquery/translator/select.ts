import type { Node } from 'sql-parser-cst';
import type { Emitter } from './emitter';
import { operatorText } from './expressions';
import { emitTableName, isNiladicKeyword, nameParts, tableRangeName } from './names';
import { quoteIdentifier } from './sql-text';
import { refuse } from './untranslatable';
import { emitNamedWindow } from './window';

type NodeOf<T extends Node['type']> = Extract<Node, { type: T }>;

export function emitSelect(node: NodeOf<'select_stmt'>, e: Emitter): string {
  return node.clauses.map((clause) => emitSelectClause(clause, e)).join(' ');
}

function emitSelectClause(clause: NodeOf<'select_stmt'>['clauses'][number], e: Emitter): string {
  switch (clause.type) {
    case 'with_clause':
      return emitWith(clause, e);
    case 'select_clause':
      return emitSelectList(clause, e);
    case 'from_clause':
      return `FROM ${emitFromItem(clause.expr, e, new Set())}`;
    case 'where_clause':
      return `WHERE ${e.emit(clause.expr)}`;
    case 'group_by_clause':
      if (clause.distinctKw || clause.withRollupKw) return refuse('GROUP BY modifiers');
      return `GROUP BY ${clause.columns.items.map((item) => emitGroupingElement(item, e)).join(', ')}`;
    case 'having_clause':
      return `HAVING ${e.emit(clause.expr)}`;
    case 'qualify_clause':
      return `QUALIFY ${e.emit(clause.expr)}`;
    case 'window_clause':
      return `WINDOW ${clause.namedWindows.items.map((w) => emitNamedWindow(w, e)).join(', ')}`;
    case 'order_by_clause':
      return e.emit(clause);
    case 'limit_clause':
      if (clause.rowsExamined || !clause.count || clause.count.type === 'limit_all') return refuse('LIMIT form');
      return `LIMIT ${e.emit(clause.count)}${clause.offset ? ` OFFSET ${e.emit(clause.offset)}` : ''}`;
    default:
      return refuse(`SELECT clause ${clause.type}`);
  }
}

export function emitWith(clause: NodeOf<'with_clause'>, e: Emitter): string {
  const tables = clause.tables.items.map((cte) => {
    if (cte.columns || cte.materializedKw || cte.search || cte.cycle) return refuse('WITH table modifiers');
    return `${quoteIdentifier(cte.table.name)} AS ${e.emit(cte.expr)}`;
  });
  return `WITH ${clause.recursiveKw ? 'RECURSIVE ' : ''}${tables.join(', ')}`;
}

function emitGroupingElement(item: Node, e: Emitter): string {
  switch (item.type) {
    case 'group_by_all':
      return 'ALL';
    case 'group_by_rollup':
      return `ROLLUP (${item.columns.expr.items.map((c) => e.emit(c)).join(', ')})`;
    default:
      return e.emit(item);
  }
}

function emitSelectList(clause: NodeOf<'select_clause'>, e: Emitter): string {
  const columns = clause.columns?.items ?? [];
  let distinct = '';
  let asStruct = false;
  for (const modifier of clause.modifiers) {
    if (modifier.type === 'select_distinct') distinct = 'DISTINCT ';
    else if (modifier.type === 'select_all') distinct = 'ALL ';
    else if (modifier.type === 'select_as_struct') asStruct = true;
    else if (modifier.type === 'select_as_value' && columns.length === 1) continue;
    else return refuse(`SELECT modifier ${modifier.type}`);
  }
  if (asStruct) return `SELECT ${distinct}${asStructColumn(columns, e)}`;
  let anonymous = 0;
  const emitted = columns.map((column) =>
    hasOwnName(column) ? e.emit(column) : `${e.emit(column)} AS ${quoteIdentifier(`f${anonymous++}_`)}`,
  );
  return `SELECT ${distinct}${emitted.join(', ')}`;
}

/**
 * Columns BigQuery names by themselves: aliases, column paths, stars. Every other expression is named f0_, f1_, …
 * in order (DuckDB would name it after its own SQL text).
 */
function hasOwnName(column: Node): boolean {
  return (
    column.type === 'alias' ||
    column.type === 'all_columns' ||
    column.type === 'except_columns' ||
    column.type === 'replace_columns' ||
    (nameParts(column) !== undefined && !isNiladicKeyword(column)) ||
    (column.type === 'member_expr' && column.property.type === 'all_columns')
  );
}

/** SELECT AS STRUCT a, b AS c: one STRUCT column whose field names are the column names. */
function asStructColumn(columns: readonly Node[], e: Emitter): string {
  const fields = columns.map((column) => {
    const name = column.type === 'alias' ? column.alias.name : nameParts(column)?.at(-1);
    if (!name) return refuse('SELECT AS STRUCT with an unnamed column');
    return `${quoteIdentifier(name)} := ${e.emit(column.type === 'alias' ? column.expr : column)}`;
  });
  return `struct_pack(${fields.join(', ')})`;
}

/**
 * FROM items. `rangeNames` holds the names already visible to the left in this FROM, which tells BigQuery's
 * implicit array join (`FROM t, t.items AS i`) apart from a dataset-qualified table (`FROM ds.items`).
 */
export function emitFromItem(node: Node, e: Emitter, rangeNames: Set<string>): string {
  switch (node.type) {
    case 'join_expr': {
      const left = emitFromItem(node.left, e, rangeNames);
      const right = emitFromItem(node.right, e, rangeNames);
      if (node.operator === ',') return `${left}, ${right}`;
      const operator = operatorText(node.operator);
      const specification = node.specification
        ? ` ${emitJoinSpecification(node.specification, e)}`
        : joinNeedsCondition(operator)
          ? ' ON TRUE'
          : '';
      return `${left} ${operator} ${right}${specification}`;
    }
    case 'alias':
      return emitAliasedFromItem(node, e, rangeNames);
    case 'paren_expr':
      return `(${node.expr.type === 'join_expr' ? emitFromItem(node.expr, e, rangeNames) : e.emit(node.expr)})`;
    case 'unnest_expr':
      return emitUnnest(e.emit(node.expr.expr), undefined, undefined, e);
    case 'unnest_with_offset_expr':
      return emitUnnestWithOffset(node, undefined, e, rangeNames);
    case 'identifier':
    case 'member_expr':
    case 'bigquery_quoted_member_expr': {
      const implicit = implicitArrayPath(node, rangeNames);
      if (implicit) return emitUnnest(implicit, undefined, undefined, e);
      const range = tableRangeName(node);
      if (range) rangeNames.add(range.toLowerCase());
      return emitTableName(node);
    }
    default:
      return refuse(`FROM item ${node.type}`);
  }
}

function joinNeedsCondition(operator: string): boolean {
  // BigQuery lets `[LEFT] JOIN UNNEST(...)` go without ON; DuckDB wants a condition for every non-cross join.
  return !operator.includes('CROSS');
}

function emitJoinSpecification(node: Node, e: Emitter): string {
  if (node.type === 'join_on_specification') return `ON ${e.emit(node.expr)}`;
  if (node.type === 'join_using_specification')
    return `USING (${node.expr.expr.items.map((c) => e.emit(c)).join(', ')})`;
  return refuse(`join specification ${node.type}`);
}

/** `t.items` where `t` is already a range variable of this FROM: BigQuery's correlated array join. */
function implicitArrayPath(node: Node, rangeNames: Set<string>): string | undefined {
  const parts = nameParts(node);
  if (!parts || parts.length < 2 || !rangeNames.has(parts[0]!.toLowerCase())) return undefined;
  return parts.map(quoteIdentifier).join('.');
}

function emitAliasedFromItem(node: NodeOf<'alias'>, e: Emitter, rangeNames: Set<string>): string {
  if (node.columnAliases) return refuse('column aliases on a FROM item');
  const alias = node.alias.name;
  const inner = node.expr;
  if (inner.type === 'unnest_expr') return emitUnnest(e.emit(inner.expr.expr), alias, undefined, e);
  if (inner.type === 'unnest_with_offset_expr') return emitUnnestWithOffset(inner, alias, e, rangeNames);
  if (inner.type === 'identifier' || inner.type === 'member_expr' || inner.type === 'bigquery_quoted_member_expr') {
    const implicit = implicitArrayPath(inner, rangeNames);
    if (implicit) return emitUnnest(implicit, alias, undefined, e);
    rangeNames.add(alias.toLowerCase());
    return `${emitTableName(inner)} AS ${quoteIdentifier(alias)}`;
  }
  rangeNames.add(alias.toLowerCase());
  return `${emitFromItem(inner, e, rangeNames)} AS ${quoteIdentifier(alias)}`;
}

function emitUnnestWithOffset(
  node: NodeOf<'unnest_with_offset_expr'>,
  offsetAlias: string | undefined,
  e: Emitter,
  rangeNames: Set<string>,
): string {
  const target = node.unnest;
  if (target.type !== 'alias') return refuse('UNNEST ... WITH OFFSET without an alias on the element');
  const array =
    target.expr.type === 'unnest_expr' ? e.emit(target.expr.expr.expr) : implicitArrayPath(target.expr, rangeNames);
  if (!array) return refuse('WITH OFFSET on a non-array FROM item');
  return emitUnnest(array, target.alias.name, offsetAlias ?? 'offset', e);
}

/**
 * BigQuery's `UNNEST(arr) AS x` makes `x` the element (a STRUCT stays a STRUCT: `x` and `x.field` both work);
 * DuckDB's `UNNEST(arr) AS x` names a table whose column is the element. So the element becomes the column `x`
 * of a derived table under a fresh name. Without an alias, BigQuery exposes a STRUCT element's fields as
 * columns, which DuckDB's unnest with max_depth 2 does too. WITH OFFSET zips 0-based positions alongside.
 */
function emitUnnest(
  array: string,
  elementAlias: string | undefined,
  offsetAlias: string | undefined,
  e: Emitter,
): string {
  const derived = quoteIdentifier(e.freshName('unnest'));
  if (elementAlias === undefined) return `(SELECT UNNEST(${array}, max_depth := 2)) AS ${derived}`;
  const offset = offsetAlias ? `, generate_subscripts(${array}, 1) - 1 AS ${quoteIdentifier(offsetAlias)}` : '';
  return `(SELECT UNNEST(${array}) AS ${quoteIdentifier(elementAlias)}${offset}) AS ${derived}`;
}
