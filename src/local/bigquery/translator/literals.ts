import type { Node } from 'sql-parser-cst';
import { bytesOfLiteral } from './bytes-literal';
import type { Emitter } from './emitter';
import { quoteString } from './sql-text';
import { refuse } from './untranslatable';

const INT64_MAX = 9223372036854775807n;

type LiteralNode = Extract<
  Node,
  {
    type:
      | 'string_literal'
      | 'number_literal'
      | 'blob_literal'
      | 'boolean_literal'
      | 'null_literal'
      | 'date_literal'
      | 'datetime_literal'
      | 'time_literal'
      | 'timestamp_literal'
      | 'json_literal'
      | 'numeric_literal'
      | 'bignumeric_literal'
      | 'interval_literal';
  }
>;

export function emitLiteral(node: LiteralNode, e: Emitter): string {
  switch (node.type) {
    case 'string_literal':
      return quoteString(node.value);
    case 'number_literal':
      return emitNumber(node.text);
    case 'blob_literal':
      return `unhex('${bytesOfLiteral(node.text).toString('hex')}')`;
    case 'boolean_literal':
      return node.value ? 'TRUE' : 'FALSE';
    case 'null_literal':
      return 'NULL';
    case 'date_literal':
      return `CAST(${quoteString(node.string.value)} AS DATE)`;
    case 'datetime_literal':
      return `CAST(${quoteString(node.string.value)} AS TIMESTAMP)`;
    case 'time_literal':
      return `CAST(${quoteString(node.string.value)} AS TIME)`;
    case 'timestamp_literal':
      // Without an offset a BigQuery TIMESTAMP literal is UTC; the session time zone is UTC, so the cast agrees.
      return `CAST(${quoteString(node.string.value)} AS TIMESTAMPTZ)`;
    case 'json_literal':
      return `CAST(${quoteString(node.string.value)} AS JSON)`;
    case 'numeric_literal':
      return `CAST(${quoteString(node.string.value)} AS DECIMAL(38, 9))`;
    case 'bignumeric_literal':
      return refuse('BIGNUMERIC');
    case 'interval_literal':
      return emitInterval(node, e);
  }
}

/**
 * BigQuery reads `1.5` and `1e3` as FLOAT64 where DuckDB reads `1.5` as DECIMAL(2,1): cast so arithmetic,
 * ROUND and the result schema follow BigQuery. Integer literals beyond INT64 are an error in BigQuery.
 */
function emitNumber(text: string): string {
  if (/^0x/i.test(text)) return BigInt(text).toString();
  if (/[.eE]/.test(text)) return `CAST(${text} AS DOUBLE)`;
  if (BigInt(text) > INT64_MAX)
    return refuse('integer literal beyond INT64', `Integer literal ${text} is out of range`);
  return text;
}

const INTERVAL_UNITS = new Set([
  'MICROSECOND',
  'MILLISECOND',
  'SECOND',
  'MINUTE',
  'HOUR',
  'DAY',
  'WEEK',
  'MONTH',
  'QUARTER',
  'YEAR',
]);

/** `INTERVAL n UNIT` as a DuckDB interval value: `(n) * INTERVAL 1 UNIT` accepts any integer expression for n. */
export function emitInterval(node: Extract<Node, { type: 'interval_literal' }>, e: Emitter): string {
  const unit = node.unit?.type === 'interval_unit' ? node.unit.unitKw.name : undefined;
  if (!unit || !INTERVAL_UNITS.has(unit)) return refuse(`INTERVAL ${unit ?? 'range'}`);
  if (node.value.type === 'string_literal') return refuse('INTERVAL with a string value');
  return `((${e.emit(node.value)}) * INTERVAL 1 ${unit})`;
}
