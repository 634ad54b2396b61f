import * as E from 'fp-ts/Either';
import { decideAndAppend, type Decider } from '../../src/app/decide-and-append';
import { DomainRefusal } from '../../src/app/domain-refusal';
import { domainError } from '../../src/domain/errors';
import type { EventStore } from '../../src/eventstore';
import { testFirestore } from '../support/firestore';
import { increment, testEventStore, uniqueStream } from '../eventstore/support';

/**
 * decideAndAppend with `known` (the state a caller's own previous commit left): on the emulator, a current
 * `known` spares the read; a stale one never yields a decision the stream would not have given.
 */
type Increment = { readonly type: 'Increment'; readonly by: number; readonly max: number };
type Incremented = ReturnType<typeof increment>;
const counter: Decider<Increment, Incremented, number> = {
  eventTypes: new Set(['CounterIncremented']),
  initialState: 0,
  evolve: (total, event) => total + event.data.by,
  decide: (command, total) =>
    total + command.by > command.max
      ? E.left(domainError('INVALID_COMMAND', `${total} + ${command.by} > ${command.max}`))
      : E.right(command.by === 0 ? [] : [increment(command.by)]),
};
const actor = { actor: 'test' };
const inc = (by: number, max: number): Increment => ({ type: 'Increment', by, max });

let store: EventStore;
let reads: number;
beforeAll(() => {
  const real = testEventStore(testFirestore());
  reads = 0;
  store = {
    ...real,
    readStreamOf: (...args: Parameters<EventStore['readStreamOf']>) => ((reads += 1), real.readStreamOf(...args)),
  };
});

async function seeded(by: number) {
  const streamId = uniqueStream();
  const first = await decideAndAppend(
    store,
    { streamId, tenantId: 't1' },
    counter,
    () => ({ command: inc(by, 100) }),
    actor,
  );
  return { streamId, first };
}

const total = async (streamId: string) =>
  (await store.readStream(streamId)).events.reduce((sum, e) => sum + (e.data as { by: number }).by, 0);

describe('deciding from a known state', () => {
  it('a current known state decides and appends without reading the stream', async () => {
    const { streamId, first } = await seeded(2);
    const before = reads;
    const second = await decideAndAppend(
      store,
      { streamId, tenantId: 't1' },
      counter,
      () => ({ command: inc(3, 100) }),
      actor,
      { known: { state: first.state, head: first.head } },
    );
    expect(reads).toBe(before);
    expect(second).toMatchObject({ state: 5, revision: 2 });
    expect(await total(streamId)).toBe(5);
  });

  it('a stale known state loses the commit, and the command is decided again from the stream', async () => {
    const { streamId, first } = await seeded(2);
    // Someone else appends meanwhile: the stream is at 4, the caller still believes 2.
    await decideAndAppend(store, { streamId, tenantId: 't1' }, counter, () => ({ command: inc(2, 100) }), actor);
    const stale = { known: { state: first.state, head: first.head } };
    await expect(
      decideAndAppend(store, { streamId, tenantId: 't1' }, counter, () => ({ command: inc(1, 4) }), actor, stale),
    ).rejects.toMatchObject({ code: 'INVALID_COMMAND' });
    const applied = await decideAndAppend(
      store,
      { streamId, tenantId: 't1' },
      counter,
      () => ({ command: inc(1, 5) }),
      actor,
      stale,
    );
    expect(applied).toMatchObject({ state: 5, revision: 3 });
    expect(await total(streamId)).toBe(5);
  });

  it('a refusal or nothing decided from a known state is checked against the stream', async () => {
    const { streamId, first } = await seeded(1);
    // A known state that claims more than the stream holds (as a stale one may, after a takeover).
    const wrong = { known: { state: 10, head: first.head } };
    const applied = await decideAndAppend(
      store,
      { streamId, tenantId: 't1' },
      counter,
      () => ({ command: inc(1, 5) }),
      actor,
      wrong,
    );
    expect(applied).toMatchObject({ state: 2, revision: 2 });
    const refused = decideAndAppend(
      store,
      { streamId, tenantId: 't1' },
      counter,
      () => ({ command: inc(9, 5) }),
      actor,
      { known: { state: applied.state, head: applied.head } },
    );
    await expect(refused).rejects.toBeInstanceOf(DomainRefusal);
    expect(await total(streamId)).toBe(2);
  });
});
