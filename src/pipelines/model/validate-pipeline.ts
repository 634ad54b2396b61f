/**
 * Checks a decoded pipeline beyond its shape (pure): names that would shadow each other, parameter
 * defaults against their types, the step graph, step kinds and their own checks, and every template's
 * placeholders. Fields named `query`, `where` or `sql` are SQL templates (see render-sql.ts); any other
 * string may hold text placeholders. Returns issues with field paths; the loader adds file and line.
 */
import * as E from 'fp-ts/lib/Either';
import type { LoadIssueCode } from '../errors';
import { findCycle, graphIssues } from '../graph/levels';
import type { CheckEnv, StepRegistry } from '../steps/step-kind';
import type { TableCatalog } from '../steps/table-catalog';
import { placeholdersOf, renderSql } from '../variables/render-sql';
import type { Scope } from '../variables/render-sql';
import { BUILTIN_VARIABLES, declaredScope, RESERVED_PREFIX } from '../variables/resolve-variables';
import { coerceValue } from '../variables/values';
import { isMapping } from './codec-helpers';
import type { RawPipeline } from './pipeline-codec';
import type { FieldPath } from './report-errors';

export interface ValidationIssue {
  readonly code: LoadIssueCode;
  readonly path: FieldPath;
  readonly message: string;
}

export interface ValidationEnv {
  readonly registry: StepRegistry;
  readonly tables: TableCatalog;
}

const SQL_FIELDS = new Set(['query', 'where', 'sql']);

function nameIssues(p: RawPipeline): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const params = p.parameters ?? {};
  const check = (kind: 'parameters' | 'variables', name: string): void => {
    if (name in BUILTIN_VARIABLES)
      issues.push({
        code: 'DUPLICATE_NAME',
        path: [kind, name],
        message: `"${name}" is a built-in variable and cannot be redeclared`,
      });
    else if (name.startsWith(RESERVED_PREFIX))
      issues.push({
        code: 'DUPLICATE_NAME',
        path: [kind, name],
        message: `names starting with "${RESERVED_PREFIX}" are reserved for step kinds`,
      });
    else if (kind === 'variables' && name in params)
      issues.push({ code: 'DUPLICATE_NAME', path: [kind, name], message: `"${name}" is already a parameter` });
  };
  Object.keys(params).forEach((n) => check('parameters', n));
  Object.keys(p.variables ?? {}).forEach((n) => check('variables', n));
  for (const [name, decl] of Object.entries(params)) {
    if (decl.type === 'identifier' && decl.set_by === 'tenant') {
      // Identifiers name tables and datasets: a tenant choosing one could read another tenant's data.
      const message = 'an identifier parameter names warehouse objects, so only the operator sets it';
      issues.push({ code: 'INVALID_FIELD', path: ['parameters', name, 'set_by'], message });
    }
    if (decl.default === undefined) continue;
    const coerced = coerceValue(decl.type, decl.default);
    if (!coerced.ok)
      issues.push({
        code: 'INVALID_DEFAULT',
        path: ['parameters', name, 'default'],
        message: `${coerced.reason}, got ${JSON.stringify(decl.default)}`,
      });
  }
  const variables = p.variables ?? {};
  const cycle = findCycle(
    Object.entries(variables).map(([id, v]) => ({
      id,
      dependsOn: placeholdersOf(v.value).filter((n) => n in variables),
    })),
  );
  if (cycle)
    issues.push({
      code: 'CYCLE',
      path: ['variables', cycle[0] as string],
      message: `variables refer to each other in a cycle: ${cycle.join(' → ')}`,
    });
  return issues;
}

function graphCheck(p: RawPipeline): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const nodes = p.steps.map((s) => ({ id: s.step_id, dependsOn: s.depends_on ?? [] }));
  for (const issue of graphIssues(nodes)) {
    switch (issue.code) {
      case 'DUPLICATE_STEP_ID':
        issues.push({
          code: 'DUPLICATE_STEP_ID',
          path: ['steps', issue.index, 'step_id'],
          message: `duplicate step id "${issue.stepId}"`,
        });
        break;
      case 'MISSING_DEPENDENCY':
        issues.push({
          code: 'MISSING_DEPENDENCY',
          path: ['steps', issue.index, 'depends_on'],
          message: `depends on unknown step "${issue.dependency}"`,
        });
        break;
      case 'SELF_DEPENDENCY':
        issues.push({
          code: 'CYCLE',
          path: ['steps', issue.index, 'depends_on'],
          message: `step "${issue.stepId}" depends on itself`,
        });
        break;
      case 'CYCLE': {
        const index = p.steps.findIndex((s) => s.step_id === issue.cycle[0]);
        issues.push({
          code: 'CYCLE',
          path: ['steps', index, 'depends_on'],
          message: `dependency cycle: ${issue.cycle.join(' → ')}`,
        });
        break;
      }
    }
  }
  const notifications = new Set(p.steps.filter((s) => s.trigger !== undefined).map((s) => s.step_id));
  p.steps.forEach((s, i) => {
    if (s.trigger !== undefined && (s.depends_on ?? []).length > 0) {
      issues.push({
        code: 'INVALID_STEP_CONFIG',
        path: ['steps', i, 'depends_on'],
        message: 'a step with a trigger runs after the whole graph and cannot have depends_on',
      });
    }
    for (const d of s.depends_on ?? []) {
      if (notifications.has(d))
        issues.push({
          code: 'INVALID_STEP_CONFIG',
          path: ['steps', i, 'depends_on'],
          message: `"${d}" is a notification step (it has a trigger); nothing can depend on it`,
        });
    }
  });
  return issues;
}

function templateIssues(value: unknown, path: FieldPath, scope: Scope): ValidationIssue[] {
  if (typeof value === 'string') {
    const last = path[path.length - 1];
    if (typeof last === 'string' && SQL_FIELDS.has(last)) {
      const rendered = renderSql(value, scope);
      return E.isLeft(rendered)
        ? rendered.left.map((i) => ({
            code: i.code === 'UNKNOWN_PLACEHOLDER' ? 'UNKNOWN_PLACEHOLDER' : 'INVALID_SQL_TEMPLATE',
            path,
            message: i.message,
          }))
        : [];
    }
    return placeholdersOf(value)
      .filter((n) => !scope.has(n))
      .map((n) => ({ code: 'UNKNOWN_PLACEHOLDER', path, message: `unknown placeholder {${n}}` }));
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => templateIssues(v, [...path, i], scope));
  if (isMapping(value)) return Object.entries(value).flatMap(([k, v]) => templateIssues(v, [...path, k], scope));
  return [];
}

export function validatePipeline(p: RawPipeline, env: ValidationEnv): readonly ValidationIssue[] {
  const scope = declaredScope(p);
  const checkEnv: CheckEnv = { tables: env.tables, scope };
  const issues: ValidationIssue[] = [...nameIssues(p), ...graphCheck(p)];
  for (const [name, v] of Object.entries(p.variables ?? {}))
    issues.push(...templateIssues(v.value, ['variables', name, 'value'], scope));
  p.steps.forEach((step, index) => {
    const kind = env.registry.get(step.ps_type);
    if (!kind) {
      issues.push({
        code: 'UNKNOWN_STEP_KIND',
        path: ['steps', index, 'ps_type'],
        message: `unknown step kind "${step.ps_type}" (known: ${[...env.registry.keys()].join(', ')})`,
      });
    } else {
      issues.push(
        ...kind.check(step, checkEnv).map((i) => ({
          code: 'INVALID_STEP_CONFIG' as const,
          path: ['steps', index, ...i.path],
          message: i.message,
        })),
      );
    }
    issues.push(...templateIssues(step, ['steps', index], scope));
  });
  return issues;
}
