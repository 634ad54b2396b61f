/**
 * io-ts validation errors → `{ path, message }` issues. The path is a list of keys and indexes
 * (`['steps', 1, 'destination', 'write_mode']`), printed as `steps[1].destination.write_mode` and used to find
 * the YAML line.
 */
import type * as t from 'io-ts';
import { describeValue } from './codec-helpers';

export type PathSegment = string | number;
export type FieldPath = readonly PathSegment[];

export interface FieldIssue {
  readonly path: FieldPath;
  readonly message: string;
}

export function formatPath(path: FieldPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out.length === 0 ? segment : `.${segment}`;
  }
  return out.length === 0 ? '(document)' : out;
}

function pathOf(context: t.Context): FieldPath {
  const path: PathSegment[] = [];
  // Entry 0 is the root (key ''). An entry's key is an index when its parent's value is a list (the parent's
  // codec may be a refinement wrapping the array codec, so the value is the reliable witness).
  for (let i = 1; i < context.length; i += 1) {
    const entry = context[i];
    if (!entry) continue;
    const parent = context[i - 1]?.actual;
    path.push(Array.isArray(parent) && /^\d+$/.test(entry.key) ? Number(entry.key) : entry.key);
  }
  return path;
}

export function reportErrors(errors: t.Errors): readonly FieldIssue[] {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  for (const error of errors) {
    const path = pathOf(error.context);
    const last = error.context[error.context.length - 1];
    const message =
      error.message ?? `expected ${last?.type.name ?? 'a valid value'}, got ${describeValue(error.value)}`;
    const key = `${formatPath(path)}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path, message });
  }
  return issues;
}

/** Prefixes relative issues (e.g. a step kind's own checks) with the step's path. */
export function under(prefix: FieldPath, issues: readonly FieldIssue[]): readonly FieldIssue[] {
  return issues.map((i) => ({ path: [...prefix, ...i.path], message: i.message }));
}
