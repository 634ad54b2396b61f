import type * as t from 'io-ts';

/**
 * Turns io-ts errors into one line per failure, each naming the path inside the value
 * (`meta.actor: expected string, got 42`, `steps[1].ps_type: …`). Union and intersection members
 * add no path segment of their own.
 */
export function describeDecodeErrors(errors: t.Errors): string[] {
  const byPath = new Map<string, { expected: string[]; got: unknown; message?: string }>();
  for (const error of errors) {
    const path = pathOf(error.context);
    const entry = byPath.get(path) ?? { expected: [], got: error.value };
    if (error.message) entry.message = error.message;
    const expected = error.context[error.context.length - 1]?.type.name ?? 'a valid value';
    if (!entry.expected.includes(expected)) entry.expected.push(expected);
    byPath.set(path, entry);
  }
  // A union branch that failed deeper says more than the branch that failed at its root: keep the deeper one.
  const paths = [...byPath.keys()];
  const hasDeeper = (path: string) =>
    paths.some((other) => other !== path && (other.startsWith(`${path}.`) || other.startsWith(`${path}[`)));
  return paths
    .filter((path) => (path === '(root)' ? paths.length === 1 : !hasDeeper(path)))
    .map((path) => {
      const entry = byPath.get(path) as { expected: string[]; got: unknown; message?: string };
      return `${path}: ${entry.message ?? `expected ${entry.expected.join(' | ')}, got ${preview(entry.got)}`}`;
    });
}

export function pathOf(context: t.Context): string {
  let path = '';
  for (let index = 1; index < context.length; index += 1) {
    const parent = tagOf(context[index - 1]?.type);
    const key = context[index]?.key ?? '';
    if (parent === 'UnionType' || parent === 'IntersectionType') continue;
    path += parent === 'ArrayType' || parent === 'ReadonlyArrayType' || parent === 'TupleType' ? `[${key}]` : `.${key}`;
  }
  return path.replace(/^\./, '') || '(root)';
}

function tagOf(type: t.Decoder<unknown, unknown> | undefined): string | undefined {
  let current = type as { _tag?: string; type?: unknown } | undefined;
  // refinements, readonly and exact wrappers describe the same position as what they wrap
  while (
    current &&
    (current._tag === 'RefinementType' || current._tag === 'ReadonlyType' || current._tag === 'ExactType')
  ) {
    current = current.type as typeof current;
  }
  return current?._tag;
}

function preview(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // Too deep for the stack (or a cycle): the kind of value is preview enough.
    return Array.isArray(value) ? 'an array' : typeof value;
  }
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
