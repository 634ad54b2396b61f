import { WrongExpectedRevision } from '../../src/eventstore';
import { testFirestore } from '../support/firestore';
import { increment, testEventStore, uniqueStream } from './support';

describe('concurrent appends', () => {
  const db = testFirestore();
  const store = testEventStore(db);
  afterAll(() => db.terminate());

  it('8 writers at the same expected revision: exactly one wins, the rest get the concurrency error, no gap, no duplicate', async () => {
    const streamId = uniqueStream();
    await store.append(streamId, 'no_stream', [increment(0)], { tenantId: 'acme' });

    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, writer) =>
        store.append(streamId, 1, [increment(writer + 1), increment(100 + writer)], { tenantId: 'acme' }),
      ),
    );

    const winners = outcomes.filter((o) => o.status === 'fulfilled');
    const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(7);
    for (const loser of losers) {
      expect(loser.reason).toBeInstanceOf(WrongExpectedRevision);
      expect(loser.reason).toMatchObject({ streamId, expected: 1, actual: 3 });
    }

    const { events } = await store.readStream(streamId);
    expect(events.map((e) => e.revision)).toEqual([1, 2, 3]);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(3);
    expect((events[2]?.data as { by: number }).by - (events[1]?.data as { by: number }).by).toBe(99); // both from the one winner
    expect((await store.verifyStream(streamId)).ok).toBe(true);
  });

  it('8 writers with expected "any": all land, contiguously, with an intact chain', async () => {
    const streamId = uniqueStream();
    await Promise.all(
      Array.from({ length: 8 }, (_, writer) =>
        store.append(streamId, 'any', [increment(writer)], { tenantId: 'acme' }),
      ),
    );
    const { events } = await store.readStream(streamId);
    expect(events.map((e) => e.revision)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(events.map((e) => (e.data as { by: number }).by).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(await store.verifyStream(streamId)).toEqual({ streamId, ok: true, events: 8 });
  });

  it('8 writers creating the same stream with no_stream: one creates it', async () => {
    const streamId = uniqueStream();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, writer) =>
        store.append(streamId, 'no_stream', [increment(writer)], { tenantId: 'acme' }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect((await store.readStream(streamId)).events).toHaveLength(1);
  });
});
