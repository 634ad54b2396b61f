/**
 * Small io-ts building blocks that report precise errors: strict mappings (unknown fields are errors, so a
 * typo like `depends_onn` cannot be silently ignored), tagged unions that validate only the variant the tag
 * names (one error instead of one per variant), refinements that say what they expect.
 */
import * as t from 'io-ts';

export type Codec<A> = t.Type<A, unknown, unknown>;

/** Plain mapping (not null, not an array). */
export function isMapping(u: unknown): u is Record<string, unknown> {
  return typeof u === 'object' && u !== null && !Array.isArray(u);
}

export function describeValue(u: unknown): string {
  if (u === undefined) return 'nothing';
  if (Array.isArray(u)) return 'a list';
  if (isMapping(u)) return 'a mapping';
  return JSON.stringify(u);
}

type Required<P extends t.Props> = { readonly [K in keyof P]: t.TypeOf<P[K]> };
type Optional<P extends t.Props> = { readonly [K in keyof P]?: t.TypeOf<P[K]> };

/**
 * A mapping with required and optional fields and nothing else. A YAML `key:` with no value (null) counts as
 * absent for optional fields.
 */
export function struct<R extends t.Props, O extends t.Props>(
  name: string,
  required: R,
  optional: O,
): Codec<Required<R> & Optional<O>> {
  const known = new Set([...Object.keys(required), ...Object.keys(optional)]);
  return new t.Type<Required<R> & Optional<O>, unknown, unknown>(
    name,
    (u): u is Required<R> & Optional<O> => isMapping(u),
    (u, c) => {
      if (!isMapping(u)) return t.failure(u, c, `expected ${name} (a mapping), got ${describeValue(u)}`);
      const errors: t.ValidationError[] = [];
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(u)) {
        if (!known.has(key))
          errors.push({
            value: u[key],
            context: t.appendContext(c, key, t.unknown, u[key]),
            message: `unknown field "${key}" (expected one of ${[...known].join(', ')})`,
          });
      }
      const check = (key: string, codec: t.Mixed, isRequired: boolean): void => {
        const value = u[key];
        if (value === undefined || (value === null && !isRequired)) {
          if (isRequired)
            errors.push({
              value,
              context: t.appendContext(c, key, codec, value),
              message: `missing required field "${key}"`,
            });
          return;
        }
        const result = codec.validate(value, t.appendContext(c, key, codec, value));
        if (result._tag === 'Left') errors.push(...result.left);
        else out[key] = result.right;
      };
      for (const [key, codec] of Object.entries(required)) check(key, codec, true);
      for (const [key, codec] of Object.entries(optional)) check(key, codec, false);
      return errors.length > 0 ? t.failures(errors) : t.success(out as Required<R> & Optional<O>);
    },
    t.identity,
  );
}

/** A mapping whose keys match `keyPattern` and whose values all decode with `value`. */
export function dict<V>(name: string, keyPattern: RegExp, value: Codec<V>): Codec<Readonly<Record<string, V>>> {
  return new t.Type<Readonly<Record<string, V>>, unknown, unknown>(
    name,
    (u): u is Readonly<Record<string, V>> => isMapping(u),
    (u, c) => {
      if (!isMapping(u)) return t.failure(u, c, `expected ${name} (a mapping), got ${describeValue(u)}`);
      const errors: t.ValidationError[] = [];
      const out: Record<string, V> = {};
      for (const [key, v] of Object.entries(u)) {
        const ctx = t.appendContext(c, key, value, v);
        if (!keyPattern.test(key)) {
          errors.push({ value: key, context: ctx, message: `invalid name "${key}" (expected ${keyPattern})` });
          continue;
        }
        const result = value.validate(v, ctx);
        if (result._tag === 'Left') errors.push(...result.left);
        else out[key] = result.right;
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out);
    },
    t.identity,
  );
}

/** A union discriminated by `tag`: only the variant the tag names is validated. */
export function taggedUnion<A>(name: string, tag: string, variants: Readonly<Record<string, Codec<A>>>): Codec<A> {
  const names = Object.keys(variants);
  return new t.Type<A, unknown, unknown>(
    name,
    (u): u is A => isMapping(u),
    (u, c) => {
      if (!isMapping(u)) return t.failure(u, c, `expected ${name} (a mapping), got ${describeValue(u)}`);
      const kind = u[tag];
      const variant = typeof kind === 'string' ? variants[kind] : undefined;
      if (!variant) {
        return t.failure(
          kind,
          t.appendContext(c, tag, t.unknown, kind),
          `expected ${names.map((n) => JSON.stringify(n)).join(' | ')}, got ${describeValue(kind)}`,
        );
      }
      return variant.validate(u, c);
    },
    t.identity,
  );
}

/** `base` restricted by `predicate`; `expected` completes "expected …" in the error. */
export function refine<A>(base: Codec<A>, predicate: (a: A) => boolean, expected: string): Codec<A> {
  return new t.Type<A, unknown, unknown>(
    expected,
    (u): u is A => base.is(u) && predicate(u),
    (u, c) => {
      const result = base.validate(u, c);
      if (result._tag === 'Left') {
        // Errors deeper inside (a list's items) are more precise than ours; keep them.
        const nested = result.left.filter((e) => e.context.length > c.length);
        return nested.length > 0
          ? t.failures(nested)
          : t.failure(u, c, `expected ${expected}, got ${describeValue(u)}`);
      }
      return predicate(result.right) ? result : t.failure(u, c, `expected ${expected}, got ${describeValue(u)}`);
    },
    t.identity,
  );
}

/** A literal choice with the readable name `"a" | "b"`. */
export function oneOf<K extends string>(...values: readonly K[]): Codec<K> {
  const keys = Object.fromEntries(values.map((v) => [v, null])) as { [key in K]: null };
  return t.keyof(keys, values.map((v) => JSON.stringify(v)).join(' | ')) as unknown as Codec<K>;
}

export function list<A>(item: Codec<A>, name = `list of ${item.name}`): Codec<readonly A[]> {
  return t.readonlyArray(item, name) as unknown as Codec<readonly A[]>;
}

export const text: Codec<string> = t.string;
export const nonEmptyText = refine(t.string, (s) => s.trim().length > 0, 'a non-empty string');
export const matching = (pattern: RegExp, what: string): Codec<string> =>
  refine(t.string, (s) => pattern.test(s), `${what} matching ${pattern}`);
export const positiveInt = (max: number): Codec<number> =>
  refine(t.number, (n) => Number.isInteger(n) && n >= 1 && n <= max, `an integer from 1 to ${max}`);
export const positiveNumber = refine(t.number, (n) => Number.isFinite(n) && n > 0, 'a positive number');
export const nonNegativeNumber = refine(t.number, (n) => Number.isFinite(n) && n >= 0, 'a number >= 0');
export const finiteNumber = refine(t.number, (n) => Number.isFinite(n), 'a number');
export const scalar: Codec<string | number | boolean> = t.union(
  [t.string, t.number, t.boolean],
  'a string, number or boolean',
);

/** A string or number (YAML reads `version: 1.0` as a number), kept as text. */
export const versionText = new t.Type<string, unknown, unknown>(
  'a version (string or number)',
  (u): u is string => typeof u === 'string',
  (u, c) =>
    typeof u === 'string' && u.length > 0
      ? t.success(u)
      : typeof u === 'number'
        ? t.success(String(u))
        : t.failure(u, c, `expected a version (string or number), got ${describeValue(u)}`),
  t.identity,
);
