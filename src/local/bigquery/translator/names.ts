import type { Identifier, MemberExpr, Node } from 'sql-parser-cst';
import type { Emitter } from './emitter';
import { quoteIdentifier } from './sql-text';
import { refuse } from './untranslatable';

/** Unquoted identifiers BigQuery reads as niladic functions rather than column names. */
const NILADIC_KEYWORDS: Readonly<Record<string, string>> = {
  CURRENT_TIMESTAMP: 'current_timestamp',
  CURRENT_DATE: 'current_date',
};

/**
 * The parts of a dotted name: `a.b.c`, `` `a.b.c` ``, `` `a`.b.`c` `` all give ['a', 'b', 'c'].
 * Undefined when the node is not a plain name (a subscript, a `*`, a call).
 */
export function nameParts(node: Node): string[] | undefined {
  switch (node.type) {
    case 'identifier':
      // A backtick-quoted identifier may itself hold dots: `project.dataset.table`.
      return isBacktickQuoted(node) ? node.name.split('.') : [node.name];
    case 'bigquery_quoted_member_expr':
      return nameParts(node.expr);
    case 'member_expr': {
      if (node.property.type !== 'identifier') return undefined;
      const head = nameParts(node.object);
      return head && [...head, ...nameParts(node.property)!];
    }
    default:
      return undefined;
  }
}

function isBacktickQuoted(identifier: Identifier): boolean {
  return identifier.text.startsWith('`');
}

/** A table name in table position: the project part is dropped (one local project), the dataset is the DuckDB schema. */
export function emitTableName(node: Node): string {
  const parts = nameParts(node);
  if (!parts) return refuse(`table reference ${node.type}`);
  if (parts.length > 3)
    return refuse('table name with more than three parts', `Table name ${parts.join('.')} has more than three parts`);
  if (parts.at(-1)!.endsWith('*'))
    return refuse('wildcard table', `Wildcard table ${parts.join('.')} (and _TABLE_SUFFIX) is not supported`);
  return parts.slice(-2).map(quoteIdentifier).join('.');
}

/** The name a table reference is visible under in its query: the last part of its name. */
export function tableRangeName(node: Node): string | undefined {
  return nameParts(node)?.at(-1);
}

/** `CURRENT_TIMESTAMP` written without parentheses: a function call, not a column. */
export function isNiladicKeyword(node: Node): boolean {
  return (
    node.type === 'identifier' && !isBacktickQuoted(node) && NILADIC_KEYWORDS[node.name.toUpperCase()] !== undefined
  );
}

export function emitIdentifier(node: Identifier): string {
  const niladic = !isBacktickQuoted(node) ? NILADIC_KEYWORDS[node.name.toUpperCase()] : undefined;
  if (niladic) return niladic;
  return isBacktickQuoted(node) ? node.name.split('.').map(quoteIdentifier).join('.') : quoteIdentifier(node.name);
}

/** `a.b` in an expression: a column of a range variable, or a field of a STRUCT column; DuckDB resolves both. */
export function emitMemberExpr(node: MemberExpr, e: Emitter): string {
  const property = node.property;
  switch (property.type) {
    case 'identifier':
      return `${e.emit(node.object)}.${quoteIdentifier(property.name)}`;
    case 'all_columns':
      return `${e.emit(node.object)}.*`;
    case 'array_subscript':
      return emitArraySubscript(e.emit(node.object), property.expr, e);
    default:
      return refuse(`member access ${property.type}`);
  }
}

/** BigQuery arrays are 0-based under OFFSET and 1-based under ORDINAL; out of range is an error unless SAFE_. */
function emitArraySubscript(array: string, subscript: Node, e: Emitter): string {
  if (subscript.type === 'array_subscript_specifier') {
    const index = e.emit(subscript.args.expr);
    const macro = {
      OFFSET: 'bq_offset',
      SAFE_OFFSET: 'bq_safe_offset',
      ORDINAL: 'bq_ordinal',
      SAFE_ORDINAL: 'bq_safe_ordinal',
    }[subscript.specifierKw.name];
    return `${macro}(${array}, ${index})`;
  }
  if (subscript.type === 'array_slice_specifier') return refuse('array slice');
  // A bare `arr[i]` is OFFSET in BigQuery; a `json['key']` / `struct[...]` subscript is something else entirely.
  return refuse(
    'array subscript without OFFSET/ORDINAL',
    'Write arr[OFFSET(i)] or arr[SAFE_OFFSET(i)]: bare subscripts are not translated',
  );
}
