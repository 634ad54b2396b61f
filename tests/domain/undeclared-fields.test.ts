import * as t from 'io-ts';
import { undeclaredFields } from '../../src/domain/undeclared-fields';

/** io-ts `t.type` keeps extra keys on decode; this walk names them, at any depth. */
describe('undeclaredFields', () => {
  const Ref = t.readonly(t.type({ provider: t.string }));
  const codec = t.readonly(
    t.intersection([
      t.type({ id: t.string, ref: Ref, items: t.readonlyArray(Ref), labels: t.record(t.string, t.string) }),
      t.partial({ note: t.string }),
      t.type({ kind: t.union([t.type({ tag: t.literal('a'), a: t.number }), t.type({ tag: t.literal('b') })]) }),
    ]),
  );
  const valid = { id: 'r1', ref: { provider: 'gcp' }, items: [{ provider: 'aws' }], labels: { any: 'key' } };

  it('finds nothing in a value that declares every key (records accept any key, partial keys may be present)', () => {
    expect(undeclaredFields(codec, { ...valid, note: 'n', kind: { tag: 'a', a: 1 } })).toEqual([]);
  });

  it('names top-level, nested, array-element and union-member extras by path', () => {
    const value = {
      ...valid,
      fireTime: 'x',
      ref: { provider: 'gcp', region: 'eu' },
      items: [{ provider: 'aws' }, { provider: 'gcp', extra: true }],
      kind: { tag: 'b', a: 1 },
    };
    expect(undeclaredFields(codec, value)).toEqual([
      'ref.region: not declared by the schema',
      'items.1.extra: not declared by the schema',
      'fireTime: not declared by the schema',
      'kind.a: not declared by the schema',
    ]);
  });

  it('treats codecs it does not know (unknown, custom types) as open', () => {
    expect(undeclaredFields(t.type({ payload: t.unknown }), { payload: { anything: 1 } })).toEqual([]);
  });
});
