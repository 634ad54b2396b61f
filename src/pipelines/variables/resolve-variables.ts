/**
 * The variables of one run. Names never shadow each other — a parameter or variable named like a built-in,
 * or a variable named like a parameter, is a load error — so precedence is only about where a value comes
 * from (docs/pipelines.md):
 *   built-ins     from the run itself (tenant, run id, project, datasets, scheduled time); `date` is the run's
 *                 requested date, else the day of `scheduled_time` in the schedule's timezone (UTC without one)
 *                 plus the pipeline's `date_offset_days`;
 *   parameters    the value supplied by the run (schedule or manual request), else the declared default;
 *                 a parameter with neither is an error;
 *   variables     templates over built-ins, parameters and other variables, resolved last.
 * Every value is checked against its type before anything renders. Pure.
 */
import * as E from 'fp-ts/lib/Either';
import type { ParameterDeclaration, VariableDeclaration } from '../model/pipeline-codec';
import type { VariableIssue } from '../errors';
import { isTenantId, isTimestamp, RUN_ID_PATTERN } from '../model/identifiers';
import type { Scope } from './render-sql';
import { renderText } from './render-sql';
import type { Value, VariableType, VariableValue, Variables } from './values';
import { coerceValue } from './values';

export const BUILTIN_VARIABLES: Readonly<Record<string, VariableType>> = {
  tenant_id: 'identifier',
  tenant_dataset: 'identifier',
  central_dataset: 'identifier',
  project_id: 'project',
  pipeline_id: 'string',
  run_id: 'string',
  date: 'date',
  scheduled_time: 'timestamp',
};

/** Step kinds bind their own internal parameters under this prefix; pipelines cannot declare it. */
export const RESERVED_PREFIX = 'cv_';

export interface VariableDeclarations {
  readonly date_offset_days?: number;
  readonly schedule?: { readonly timezone?: string };
  readonly parameters?: Readonly<Record<string, ParameterDeclaration>>;
  readonly variables?: Readonly<Record<string, VariableDeclaration>>;
}

export interface RunIdentity {
  readonly pipelineId: string;
  readonly runId: string;
  readonly projectId: string;
  readonly centralDataset: string;
  /** RFC 3339; the fire time for scheduled runs, the request time for manual runs. */
  readonly scheduledTime: string;
  /** Absent for system pipelines (bootstrap): `{tenant_id}` then has no value. */
  readonly tenantId?: string;
  /** `YYYY-MM-DD`; defaults to the day of scheduledTime in the schedule's timezone plus date_offset_days. */
  readonly date?: string;
  readonly parameters?: Readonly<Record<string, unknown>>;
}

export type Resolved = E.Either<readonly VariableIssue[], Variables>;

/** Names and types only: what load-time checks of templates need. */
export function declaredScope(decl: VariableDeclarations): Scope {
  const scope = new Map<string, { type: VariableType }>();
  for (const [name, type] of Object.entries(BUILTIN_VARIABLES)) scope.set(name, { type });
  for (const [name, p] of Object.entries(decl.parameters ?? {})) scope.set(name, { type: p.type });
  for (const [name, v] of Object.entries(decl.variables ?? {})) scope.set(name, { type: v.type ?? 'string' });
  return scope;
}

/** The calendar day of an instant in a timezone, shifted by whole days (pure; Intl only formats). */
export function defaultDate(
  scheduledTime: string,
  timezone: string | undefined,
  offsetDays: number,
): string | undefined {
  if (!isTimestamp(scheduledTime)) return undefined;
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone ?? 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(scheduledTime));
  const shifted = new Date(Date.parse(`${day}T00:00:00Z`) + offsetDays * 86_400_000);
  return shifted.toISOString().slice(0, 10);
}

function builtins(decl: VariableDeclarations, run: RunIdentity, issues: VariableIssue[]): Map<string, VariableValue> {
  const out = new Map<string, VariableValue>();
  const put = (name: string, raw: unknown, extra?: (v: Value) => string | undefined): void => {
    const type = BUILTIN_VARIABLES[name] as VariableType;
    const coerced = coerceValue(type, raw);
    const reason = coerced.ok ? extra?.(coerced.value) : coerced.reason;
    if (reason !== undefined || !coerced.ok) {
      issues.push({
        code: 'INVALID_VALUE',
        name,
        message: `built-in ${name}=${JSON.stringify(raw)}: ${reason ?? 'invalid'}`,
      });
      return;
    }
    out.set(name, { name, type, value: coerced.value, source: 'builtin' });
  };
  if (run.tenantId !== undefined) {
    const tenantCheck = (v: Value): string | undefined =>
      isTenantId(String(v)) ? undefined : 'expected a tenant id matching ^[a-z0-9_]{3,50}$';
    put('tenant_id', run.tenantId, tenantCheck);
    put('tenant_dataset', run.tenantId, tenantCheck);
  }
  put('central_dataset', run.centralDataset);
  put('project_id', run.projectId);
  put('pipeline_id', run.pipelineId);
  put('run_id', run.runId, (v) =>
    RUN_ID_PATTERN.test(String(v)) ? undefined : `expected a run id matching ${RUN_ID_PATTERN}`,
  );
  put('scheduled_time', run.scheduledTime);
  put('date', run.date ?? defaultDate(run.scheduledTime, decl.schedule?.timezone, decl.date_offset_days ?? 0));
  return out;
}

export function resolveVariables(decl: VariableDeclarations, run: RunIdentity): Resolved {
  const issues: VariableIssue[] = [];
  const values = builtins(decl, run, issues);
  const declared = decl.parameters ?? {};
  // Names whose value is invalid: variables built on them are not reported again (one cause, one issue).
  const failed = new Set<string>();

  for (const name of Object.keys(run.parameters ?? {})) {
    if (!Object.hasOwn(declared, name))
      issues.push({ code: 'UNKNOWN_PARAMETER', name, message: `parameter ${name} is not declared by the pipeline` });
  }
  for (const [name, p] of Object.entries(declared)) {
    const supplied = run.parameters && Object.hasOwn(run.parameters, name) ? run.parameters[name] : undefined;
    const raw = supplied !== undefined ? supplied : p.default;
    if (raw === undefined) {
      issues.push({ code: 'MISSING_VALUE', name, message: `parameter ${name} has no value and no default` });
      failed.add(name);
      continue;
    }
    const coerced = coerceValue(p.type, raw);
    if (!coerced.ok) {
      issues.push({
        code: 'INVALID_VALUE',
        name,
        message: `parameter ${name}=${JSON.stringify(raw)}: ${coerced.reason}`,
      });
      failed.add(name);
    } else values.set(name, { name, type: p.type, value: coerced.value, source: 'parameter' });
  }

  const templates = decl.variables ?? {};
  const resolving = new Set<string>();
  const resolve = (name: string): void => {
    if (values.has(name) || !Object.hasOwn(templates, name)) return;
    if (resolving.has(name)) {
      issues.push({
        code: 'VARIABLE_CYCLE',
        name,
        message: `variable ${name} refers to itself through ${[...resolving].join(' → ')}`,
      });
      return;
    }
    resolving.add(name);
    const decl = templates[name] as VariableDeclaration;
    const refs = [...decl.value.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1] as string);
    refs.forEach(resolve);
    resolving.delete(name);
    if (refs.some((r) => failed.has(r))) {
      failed.add(name);
      return;
    }
    const text = renderText(decl.value, values);
    if (E.isLeft(text)) {
      failed.add(name);
      issues.push(...text.left.map((i) => ({ ...i, message: `variable ${name}: ${i.message}` })));
      return;
    }
    const type = decl.type ?? 'string';
    const coerced = coerceValue(type, text.right);
    if (!coerced.ok) {
      issues.push({
        code: 'INVALID_VALUE',
        name,
        message: `variable ${name}=${JSON.stringify(text.right)}: ${coerced.reason}`,
      });
      failed.add(name);
    } else values.set(name, { name, type, value: coerced.value, source: 'variable' });
  };
  for (const name of Object.keys(templates)) resolve(name);

  return issues.length > 0 ? E.left(issues) : E.right(values);
}
