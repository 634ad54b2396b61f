/**
 * Renders a SQL template so that no value ever becomes SQL text:
 *  - `{name}` inside a backtick-quoted name (`` `{project_id}.{tenant_dataset}.t` ``) is replaced by the
 *    variable's text, allowed only for identifier-typed variables (validated against strict patterns);
 *  - `{name}` elsewhere in code becomes the named query parameter `@name`, and `@name` written directly is
 *    checked against the known variables; both are bound with their declared BigQuery type;
 *  - `{name}` inside a string literal is refused (`'{date}'` would be text, not a parameter: write `@date`);
 *  - in comments `{name}` must still be known and is replaced by the bare name.
 * An unknown placeholder or parameter is an issue, never left in the SQL. Pure.
 */
import * as E from 'fp-ts/lib/Either';
import type { VariableIssue } from '../errors';
import { lexSql } from './sql-lexer';
import type { Value, VariableType } from './values';
import { isIdentifierType, queryParameterType, queryParameterValue, valueAsText } from './values';

/** Known names with their types; values are absent when only checking a template at load time. */
export type Scope = ReadonlyMap<string, { readonly type: VariableType; readonly value?: Value }>;

export interface RenderedSql {
  readonly sql: string;
  /** Values in the Warehouse port's (BigQuery client's) notation; see queryParameterValue. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly types: Readonly<Record<string, string | readonly string[]>>;
}

export type Rendered<A> = E.Either<readonly VariableIssue[], A>;

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const CODE_TOKEN = /@@[A-Za-z_][A-Za-z0-9_]*|@([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

const unknown = (name: string): VariableIssue => ({
  code: 'UNKNOWN_PLACEHOLDER',
  name,
  message: `unknown placeholder {${name}}`,
});

export function renderSql(template: string, scope: Scope): Rendered<RenderedSql> {
  const issues: VariableIssue[] = [];
  const used = new Set<string>();
  let sql = '';
  for (const segment of lexSql(template)) {
    switch (segment.kind) {
      case 'code':
        sql += segment.text.replace(CODE_TOKEN, (match, param: string | undefined, placeholder: string | undefined) => {
          if (param === undefined && placeholder === undefined) return match; // @@system_variable
          const name = (param ?? placeholder) as string;
          if (!scope.has(name)) {
            issues.push(
              param !== undefined
                ? { code: 'UNKNOWN_QUERY_PARAMETER', name, message: `unknown query parameter @${name}` }
                : unknown(name),
            );
            return match;
          }
          used.add(name);
          return `@${name}`;
        });
        break;
      case 'quoted_name':
        sql += segment.text.replace(PLACEHOLDER, (match, name: string) => {
          const variable = scope.get(name);
          if (!variable) {
            issues.push(unknown(name));
            return match;
          }
          if (!isIdentifierType(variable.type)) {
            issues.push({
              code: 'NOT_AN_IDENTIFIER',
              name,
              message: `{${name}} (${variable.type}) cannot be part of a quoted name: only identifier variables can`,
            });
            return match;
          }
          return variable.value === undefined ? `${name}` : valueAsText(variable.value);
        });
        break;
      case 'string':
        for (const m of segment.text.matchAll(PLACEHOLDER)) {
          const name = m[1] as string;
          issues.push({
            code: 'PLACEHOLDER_IN_STRING_LITERAL',
            name,
            message: `{${name}} inside a string literal: write the parameter @${name} outside quotes instead`,
          });
        }
        sql += segment.text;
        break;
      case 'comment':
        sql += segment.text.replace(PLACEHOLDER, (match, name: string) => {
          if (!scope.has(name)) issues.push(unknown(name));
          return name;
        });
        break;
    }
  }
  if (issues.length > 0) return E.left(issues);
  const params: Record<string, unknown> = {};
  const types: Record<string, string | readonly string[]> = {};
  for (const name of used) {
    const variable = scope.get(name);
    if (!variable) continue;
    types[name] = queryParameterType(variable.type);
    if (variable.value !== undefined) params[name] = queryParameterValue(variable.type, variable.value);
  }
  return E.right({ sql, params, types });
}

/** Placeholders of a non-SQL template (URL, message, table name) replaced by their text. */
export function renderText(template: string, scope: Scope): Rendered<string> {
  const issues: VariableIssue[] = [];
  const value = template.replace(PLACEHOLDER, (match, name: string) => {
    const variable = scope.get(name);
    if (!variable) {
      issues.push(unknown(name));
      return match;
    }
    return variable.value === undefined ? name : valueAsText(variable.value);
  });
  return issues.length > 0 ? E.left(issues) : E.right(value);
}

/** Every `{name}` in a template, in order (for load-time checks of any string field). */
export function placeholdersOf(template: string): readonly string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}
