import type { Node } from 'sql-parser-cst';
import { AGGREGATE_FUNCTIONS } from './aggregate-functions';
import { type FunctionTranslation, decodeCall } from './call';
import { DATE_FUNCTIONS } from './date-functions';
import { emitCreateSchema, emitCreateTable, emitCreateView, emitDropSchema, emitDropTable, emitTruncate } from './ddl';
import { emitDelete, emitInsert, emitMerge, emitUpdate } from './dml';
import type { Emitter } from './emitter';
import {
  emitArray,
  emitBetween,
  emitBinary,
  emitCase,
  emitCast,
  emitExtract,
  emitPrefix,
  emitSortSpecification,
  emitStruct,
  emitTyped,
  operatorText,
} from './expressions';
import { emitLiteral } from './literals';
import { emitIdentifier, emitMemberExpr, nameParts } from './names';
import { SCALAR_FUNCTIONS } from './scalar-functions';
import { emitSelect } from './select';
import { quoteIdentifier } from './sql-text';
import { refuse } from './untranslatable';
import { emitOver } from './window';

const FUNCTIONS: Readonly<Record<string, FunctionTranslation>> = {
  ...SCALAR_FUNCTIONS,
  ...DATE_FUNCTIONS,
  ...AGGREGATE_FUNCTIONS,
};

/** The set of BigQuery function names this translator knows (anything else is refused by name). */
export const TRANSLATED_FUNCTIONS: readonly string[] = Object.keys(FUNCTIONS).sort();

/** Everything one translation accumulates besides the SQL text. */
export interface TranslationState {
  /** Lower-cased names of the @parameters the statement uses. */
  readonly parameters: Set<string>;
  /** The SQL standing for a parameter (the engine may read an array from a bound JSON text). */
  readonly parameterSql: (name: string) => string;
}

/**
 * Builds the emitter for one statement: a switch over the parse-tree node types this translator knows. Any other
 * node type is refused with its name, so an unfamiliar construct can never pass through untranslated.
 */
export function createEmitter(state: TranslationState): Emitter {
  let counter = 0;
  const e: Emitter = {
    freshName: (hint) => `_bq_${hint}_${++counter}`,
    emit: (node) => emitNode(node),
  };

  function emitNode(node: Node): string {
    switch (node.type) {
      case 'select_stmt':
        return emitSelect(node, e);
      case 'compound_select_stmt':
        return emitCompound(node);
      case 'insert_stmt':
        return emitInsert(node, e);
      case 'update_stmt':
        return emitUpdate(node, e);
      case 'delete_stmt':
        return emitDelete(node, e);
      case 'merge_stmt':
        return emitMerge(node, e);
      case 'create_table_stmt':
        return emitCreateTable(node, e);
      case 'create_view_stmt':
        return emitCreateView(node, e);
      case 'create_schema_stmt':
        return emitCreateSchema(node);
      case 'drop_schema_stmt':
        return emitDropSchema(node);
      case 'drop_table_stmt':
      case 'drop_view_stmt':
        return emitDropTable(node);
      case 'truncate_stmt':
        return emitTruncate(node);
      case 'paren_expr':
        return `(${emitNode(node.expr)})`;
      case 'list_expr':
        return node.items.map(emitNode).join(', ');
      case 'alias':
        return `${emitNode(node.expr)} AS ${quoteIdentifier(node.alias.name)}`;
      case 'identifier':
        return emitIdentifier(node);
      case 'member_expr':
        return emitMemberExpr(node, e);
      case 'bigquery_quoted_member_expr':
        return nameParts(node)!.map(quoteIdentifier).join('.');
      case 'parameter':
        return emitParameter(node.text);
      case 'all_columns':
        return '*';
      case 'except_columns':
        return `${emitNode(node.expr)} EXCLUDE (${node.columns.expr.items.map(emitNode).join(', ')})`;
      case 'replace_columns':
        return `${emitNode(node.expr)} REPLACE (${node.columns.expr.items.map(emitNode).join(', ')})`;
      case 'binary_expr':
        return emitBinary(node, e);
      case 'prefix_op_expr':
        return emitPrefix(node, e);
      case 'between_expr':
        return emitBetween(node, e);
      case 'case_expr':
        return emitCase(node, e);
      case 'cast_expr':
        return emitCast(node, e);
      case 'extract_expr':
        return emitExtract(node, e);
      case 'struct_expr':
        return emitStruct(node, e);
      case 'array_expr':
        return emitArray(node, e);
      case 'array_literal_expr':
        return emitArray(node.expr, e);
      case 'typed_expr':
        return emitTyped(node, e);
      case 'array_constructor':
        return `ARRAY${emitNode(node.expr)}`;
      case 'order_by_clause':
        if (node.withRollupKw) return refuse('ORDER BY ... WITH ROLLUP');
        return `ORDER BY ${node.specifications.items.map(emitNode).join(', ')}`;
      case 'sort_specification':
        return emitSortSpecification(node, e);
      case 'func_call': {
        const call = decodeCall(node, e, (over) => emitOver(over, e));
        const translate = FUNCTIONS[call.name];
        if (!translate) return refuse(`function ${call.name}`);
        return translate(call);
      }
      case 'string_literal':
      case 'number_literal':
      case 'blob_literal':
      case 'boolean_literal':
      case 'null_literal':
      case 'date_literal':
      case 'datetime_literal':
      case 'time_literal':
      case 'timestamp_literal':
      case 'json_literal':
      case 'numeric_literal':
      case 'bignumeric_literal':
      case 'interval_literal':
        return emitLiteral(node, e);
      default:
        return refuse(node.type.replace(/_/g, ' '));
    }
  }

  function emitCompound(node: Extract<Node, { type: 'compound_select_stmt' }>): string {
    const [operator, quantifier] = operatorText(node.operator).split(' ');
    // BigQuery spells the set quantifier out; DuckDB's default for UNION/INTERSECT/EXCEPT is DISTINCT.
    const duckOperator = quantifier === 'ALL' ? `${operator} ALL` : operator;
    return `${emitNode(node.left)} ${duckOperator} ${emitNode(node.right)}`;
  }

  function emitParameter(text: string): string {
    if (!text.startsWith('@') || text.startsWith('@@'))
      return refuse(`parameter ${text}`, 'Only named @parameters are supported');
    const name = text.slice(1).replace(/^`|`$/g, '').toLowerCase();
    state.parameters.add(name);
    return state.parameterSql(name);
  }

  return e;
}
