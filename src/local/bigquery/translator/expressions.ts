import type { Node } from 'sql-parser-cst';
import type { Emitter } from './emitter';
import { nameParts } from './names';
import { quoteIdentifier } from './sql-text';
import { emitDataType } from './types';
import { refuse } from './untranslatable';

type NodeOf<T extends Node['type']> = Extract<Node, { type: T }>;

/** Keyword operators BigQuery and DuckDB spell and evaluate the same way. */
const SAME_KEYWORD_OPERATORS = new Set([
  'AND',
  'OR',
  'IS',
  'IS NOT',
  'LIKE',
  'NOT LIKE',
  'IN',
  'NOT IN',
  'IS DISTINCT FROM',
  'IS NOT DISTINCT FROM',
]);
/** Symbol operators with the same meaning in both; `/` and `^` are handled apart. */
const SAME_SYMBOL_OPERATORS = new Set([
  '+',
  '-',
  '*',
  '=',
  '!=',
  '<>',
  '<',
  '>',
  '<=',
  '>=',
  '||',
  '&',
  '|',
  '<<',
  '>>',
]);

export function operatorText(operator: unknown): string {
  if (typeof operator === 'string') return operator;
  const keywords = Array.isArray(operator) ? operator : [operator];
  return keywords.map((kw: { name: string }) => kw.name).join(' ');
}

export function emitBinary(node: NodeOf<'binary_expr'>, e: Emitter): string {
  const operator = operatorText(node.operator);
  const left = e.emit(node.left);
  // The tree types do not list UNNEST as an IN operand, but the BigQuery grammar produces it there.
  const right = node.right as Node;
  if ((operator === 'IN' || operator === 'NOT IN') && right.type === 'unnest_expr') {
    return `${left} ${operator} (SELECT UNNEST(${e.emit(right.expr.expr)}))`;
  }
  const rightText = e.emit(right);
  // BigQuery's `/` always yields FLOAT64 and fails on a zero divisor, where DuckDB would answer Infinity.
  if (operator === '/') return `bq_div(${left}, ${rightText})`;
  // `^` is bitwise XOR in BigQuery but exponentiation in DuckDB.
  if (operator === '^') return `xor(${left}, ${rightText})`;
  if (SAME_SYMBOL_OPERATORS.has(operator) || SAME_KEYWORD_OPERATORS.has(operator))
    return `${left} ${operator} ${rightText}`;
  return refuse(`operator ${operator}`);
}

export function emitPrefix(node: NodeOf<'prefix_op_expr'>, e: Emitter): string {
  const operator = operatorText(node.operator);
  if (!['-', '+', '~', 'NOT', 'EXISTS'].includes(operator)) return refuse(`operator ${operator}`);
  const separator = operator === 'NOT' || operator === 'EXISTS' ? ' ' : '';
  return `${operator}${separator}${e.emit(node.expr)}`;
}

export function emitBetween(node: NodeOf<'between_expr'>, e: Emitter): string {
  const keyword = operatorText(node.betweenKw);
  if (keyword.includes('SYMMETRIC')) return refuse('BETWEEN SYMMETRIC');
  return `${e.emit(node.left)} ${keyword} ${e.emit(node.begin)} AND ${e.emit(node.end)}`;
}

export function emitCase(node: NodeOf<'case_expr'>, e: Emitter): string {
  const subject = node.expr ? ` ${e.emit(node.expr)}` : '';
  const clauses = node.clauses.map((clause) =>
    clause.type === 'case_when'
      ? `WHEN ${e.emit(clause.condition)} THEN ${e.emit(clause.result)}`
      : `ELSE ${e.emit(clause.result)}`,
  );
  return `CASE${subject} ${clauses.join(' ')} END`;
}

export function emitCast(node: NodeOf<'cast_expr'>, e: Emitter): string {
  const arg = node.args.expr;
  if (arg.format) return refuse('CAST ... FORMAT');
  const safe = node.castKw.name === 'SAFE_CAST';
  const target = emitDataType(arg.dataType);
  if (target === 'BIGINT') return `${safe ? 'bq_try_cast_int64' : 'bq_cast_int64'}(${e.emit(arg.expr)})`;
  return `${safe ? 'TRY_CAST' : 'CAST'}(${e.emit(arg.expr)} AS ${target})`;
}

/** EXTRACT parts whose DuckDB meaning matches BigQuery's (MILLISECOND/MICROSECOND/WEEK differ and are refused). */
const EXTRACT_PARTS: Readonly<Record<string, (x: string) => string>> = {
  YEAR: (x) => `EXTRACT(YEAR FROM ${x})`,
  QUARTER: (x) => `EXTRACT(QUARTER FROM ${x})`,
  MONTH: (x) => `EXTRACT(MONTH FROM ${x})`,
  DAY: (x) => `EXTRACT(DAY FROM ${x})`,
  HOUR: (x) => `EXTRACT(HOUR FROM ${x})`,
  MINUTE: (x) => `EXTRACT(MINUTE FROM ${x})`,
  SECOND: (x) => `EXTRACT(SECOND FROM ${x})`,
  DAYOFYEAR: (x) => `dayofyear(${x})`,
  // BigQuery counts Sunday as 1, DuckDB as 0.
  DAYOFWEEK: (x) => `(dayofweek(${x}) + 1)`,
  ISOWEEK: (x) => `weekofyear(${x})`,
  ISOYEAR: (x) => `isoyear(${x})`,
  DATE: (x) => `CAST(${x} AS DATE)`,
};

export function emitExtract(node: NodeOf<'extract_expr'>, e: Emitter): string {
  const from = node.args.expr;
  const part = from.unit.type === 'interval_unit' ? from.unit.unitKw.name : 'WEEK(<weekday>)';
  const translate = EXTRACT_PARTS[part];
  if (!translate) return refuse(`EXTRACT(${part} FROM ...)`);
  return translate(e.emit(from.expr));
}

/** The field name BigQuery infers for an unaliased STRUCT(...) item: the last part of a column path, else none. */
function inferredFieldName(item: Node): string | undefined {
  if (item.type === 'alias') return item.alias.name;
  return nameParts(item)?.at(-1);
}

function unaliased(item: Node): Node {
  return item.type === 'alias' ? item.expr : item;
}

export function emitStruct(node: NodeOf<'struct_expr'>, e: Emitter): string {
  const items = node.expr.items;
  const names = items.map(inferredFieldName);
  if (items.length > 0 && names.every((name) => name !== undefined)) {
    return `struct_pack(${items.map((item, i) => `${quoteIdentifier(names[i]!)} := ${e.emit(unaliased(item))}`).join(', ')})`;
  }
  // Anonymous fields: a positional ROW, which a surrounding typed cast names.
  return `row(${items.map((item) => e.emit(unaliased(item))).join(', ')})`;
}

export function emitArray(node: NodeOf<'array_expr'>, e: Emitter): string {
  return `[${node.expr.items.map((item) => e.emit(item)).join(', ')}]`;
}

/** `ARRAY<T>[...]` and `STRUCT<a T>(...)`: the literal cast to the declared type, which also names anonymous fields. */
export function emitTyped(node: NodeOf<'typed_expr'>, e: Emitter): string {
  const declared = node.dataType;
  if (declared.type === 'parametric_data_type' && !declared.params) return e.emit(node.expr);
  if (node.expr.type === 'struct_expr') {
    const values = node.expr.expr.items.map((item) => e.emit(unaliased(item)));
    return `CAST(row(${values.join(', ')}) AS ${emitDataType(declared)})`;
  }
  return `CAST(${e.emit(node.expr)} AS ${emitDataType(declared)})`;
}

export function emitSortSpecification(node: NodeOf<'sort_specification'>, e: Emitter): string {
  let direction = '';
  if (node.direction?.type === 'sort_direction_asc') direction = ' ASC';
  else if (node.direction?.type === 'sort_direction_desc') direction = ' DESC';
  else if (node.direction) return refuse('ORDER BY ... USING');
  const nulls = node.nullHandlingKw ? ` ${operatorText(node.nullHandlingKw)}` : '';
  return `${e.emit(node.expr)}${direction}${nulls}`;
}
