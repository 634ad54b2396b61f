import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';

/** The io-ts runtime types this walk understands, by their `_tag`; anything else is taken as declaring no keys. */
interface Tagged {
  readonly _tag?: string;
  readonly props?: Readonly<Record<string, unknown>>;
  readonly type?: unknown;
  readonly types?: readonly unknown[];
  readonly codomain?: unknown;
  readonly decode?: (value: unknown) => E.Either<unknown, unknown>;
}

type Declared =
  | { readonly kind: 'props'; readonly props: ReadonlyMap<string, unknown> }
  | { readonly kind: 'record'; readonly codomain: unknown }
  | { readonly kind: 'array'; readonly element: unknown }
  | { readonly kind: 'tuple'; readonly elements: readonly unknown[] }
  | { readonly kind: 'open' };

const OPEN: Declared = { kind: 'open' };

function declared(codec: unknown, value: unknown): Declared {
  const tagged = codec as Tagged;
  switch (tagged?._tag) {
    case 'InterfaceType':
    case 'PartialType':
      return { kind: 'props', props: new Map(Object.entries(tagged.props ?? {})) };
    case 'ReadonlyType':
    case 'ExactType':
    case 'StrictType':
    case 'RefinementType':
    case 'RecursiveType':
      return declared(tagged.type, value);
    case 'DictionaryType':
      return { kind: 'record', codomain: tagged.codomain };
    case 'ArrayType':
    case 'ReadonlyArrayType':
      return { kind: 'array', element: tagged.type };
    case 'TupleType':
      return { kind: 'tuple', elements: tagged.types ?? [] };
    case 'UnionType': {
      // The member that accepts the value declares its keys (the first, as io-ts decodes unions).
      const member = (tagged.types ?? []).find((type) => E.isRight((type as Tagged).decode?.(value) ?? E.left(null)));
      return member === undefined ? OPEN : declared(member, value);
    }
    case 'IntersectionType': {
      const props = new Map<string, unknown>();
      for (const member of tagged.types ?? []) {
        const part = declared(member, value);
        if (part.kind !== 'props') return OPEN;
        for (const [key, type] of part.props) props.set(key, type);
      }
      return { kind: 'props', props };
    }
    default:
      return OPEN;
  }
}

/**
 * Paths in `value` that its codec does not declare. io-ts `t.type` accepts and keeps extra keys, so a value that
 * decodes may still carry fields outside its schema; the event store refuses those at append.
 */
export function undeclaredFields(codec: t.Decoder<unknown, unknown>, value: unknown, path = ''): readonly string[] {
  const shape = declared(codec, value);
  const at = (key: string | number) => (path === '' ? String(key) : `${path}.${key}`);
  if (shape.kind === 'array' && Array.isArray(value))
    return value.flatMap((item, index) =>
      undeclaredFields(shape.element as t.Decoder<unknown, unknown>, item, at(index)),
    );
  if (shape.kind === 'tuple' && Array.isArray(value))
    return shape.elements.flatMap((element, index) =>
      undeclaredFields(element as t.Decoder<unknown, unknown>, value[index], at(index)),
    );
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const entries = Object.entries(value as Record<string, unknown>);
  if (shape.kind === 'record')
    return entries.flatMap(([key, item]) =>
      undeclaredFields(shape.codomain as t.Decoder<unknown, unknown>, item, at(key)),
    );
  if (shape.kind !== 'props') return [];
  return entries.flatMap(([key, item]) =>
    shape.props.has(key)
      ? undeclaredFields(shape.props.get(key) as t.Decoder<unknown, unknown>, item, at(key))
      : [`${at(key)}: not declared by the schema`],
  );
}
