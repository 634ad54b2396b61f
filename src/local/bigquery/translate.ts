/**
 * BigQuery standard SQL → DuckDB SQL, from a parse tree.
 *
 * Parser: `sql-parser-cst` (dialect 'bigquery', paramTypes ['@name']). It parses every construct on the list
 * (`MERGE` without `INTO`, `ARRAY<STRUCT<…>>` columns, `ARRAY_AGG(x ORDER BY y)`, …) and keeps BigQuery's own node
 * kinds (`bigquery_quoted_member_expr`, `unnest_with_offset_expr`, `merge_action_insert_row_clause`, typed
 * STRUCT/ARRAY literals), so each construct is recognised by its node type rather than by pattern-matching text.
 *
 * The translation is a whitelist: every node type and function it does not know is refused with its name.
 */
import { type Node, parse } from 'sql-parser-cst';
import { createEmitter } from './translator/dispatch';
import { UntranslatableSql } from './translator/untranslatable';

export type TranslationResult = { ok: true; sql: string } | { ok: false; construct: string; message: string };

/** What the engine needs beyond the text: the statement's kind (BigQuery's statementType) and its parameters. */
export type StatementTranslation =
  | { ok: true; sql: string; statementType: string; parameters: readonly string[] }
  | { ok: false; construct: string; message: string };

const STATEMENT_TYPES: Readonly<Record<string, string>> = {
  select_stmt: 'SELECT',
  compound_select_stmt: 'SELECT',
  insert_stmt: 'INSERT',
  update_stmt: 'UPDATE',
  delete_stmt: 'DELETE',
  merge_stmt: 'MERGE',
  create_table_stmt: 'CREATE_TABLE',
  create_view_stmt: 'CREATE_VIEW',
  create_schema_stmt: 'CREATE_SCHEMA',
  drop_schema_stmt: 'DROP_SCHEMA',
  drop_table_stmt: 'DROP_TABLE',
  drop_view_stmt: 'DROP_VIEW',
  truncate_stmt: 'TRUNCATE_TABLE',
};

export function translateBigQuerySql(sql: string): TranslationResult {
  const result = translateStatement(sql);
  return result.ok ? { ok: true, sql: result.sql } : result;
}

export interface TranslationOptions {
  /** The DuckDB SQL standing for @name (lower-cased); `$name` when not given. */
  readonly parameterSql?: (name: string) => string;
}

export function translateStatement(sql: string, options: TranslationOptions = {}): StatementTranslation {
  let statements: Node[];
  try {
    statements = parse(sql, { dialect: 'bigquery', paramTypes: ['@name'] }).statements.filter(
      (s) => s.type !== 'empty',
    );
  } catch (error) {
    return { ok: false, construct: 'syntax', message: `Syntax error: ${(error as Error).message.split('\n')[0]}` };
  }
  if (statements.length !== 1) {
    return {
      ok: false,
      construct: 'multi-statement script',
      message: `Expected one statement, found ${statements.length}`,
    };
  }
  const statement = statements[0]!;
  const statementType = STATEMENT_TYPES[statement.type];
  if (!statementType)
    return {
      ok: false,
      construct: statement.type.replace(/_/g, ' '),
      message: `Statement ${statement.type} is not supported`,
    };
  try {
    const parameters = new Set<string>();
    const translated = createEmitter({ parameters, parameterSql: options.parameterSql ?? ((name) => `$${name}`) }).emit(
      statement,
    );
    const refinedType =
      statementType === 'CREATE_TABLE' && / AS /.test(translated) && isCreateTableAsSelect(statement)
        ? 'CREATE_TABLE_AS_SELECT'
        : statementType;
    return { ok: true, sql: translated, statementType: refinedType, parameters: [...parameters] };
  } catch (error) {
    if (error instanceof UntranslatableSql) return { ok: false, construct: error.construct, message: error.message };
    throw error;
  }
}

function isCreateTableAsSelect(statement: Node): boolean {
  return statement.type === 'create_table_stmt' && statement.clauses.some((clause) => clause.type === 'as_clause');
}
