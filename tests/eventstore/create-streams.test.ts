import { StreamsAlreadyExist } from '../../src/eventstore';
import { StreamCreationBatcher } from '../../src/app/stream-creation-batcher';
import { testFirestore } from '../support/firestore';
import { increment, testEventStore, uniqueStream } from './support';

describe('createStreams (group commit of new streams)', () => {
  const db = testFirestore();
  const store = testEventStore(db);
  afterAll(() => db.terminate());

  it('creates several streams with their inline writes in one commit, each with a valid hash chain', async () => {
    const ids = [uniqueStream(), uniqueStream(), uniqueStream()];
    await store.createStreams(
      ids.map((streamId, i) => ({
        streamId,
        events: [increment(i), increment(10)],
        options: { tenantId: `tenant_${i}`, inlineWrites: [{ op: 'set', path: `counters/${streamId}`, data: { i } }] },
      })),
    );
    for (const [i, streamId] of ids.entries()) {
      const { events } = await store.readStream(streamId);
      expect(events.map((event) => [event.revision, event.data])).toEqual([
        [1, { by: i }],
        [2, { by: 10 }],
      ]);
      expect(await store.verifyStream(streamId)).toEqual({ streamId, ok: true, events: 2 });
      expect((await db.doc(`counters/${streamId}`).get()).get('i')).toBe(i);
    }
  });

  it('writes nothing when one of the streams already exists', async () => {
    const existing = uniqueStream();
    await store.append(existing, 'no_stream', [increment(1)], { tenantId: 'tenant_x' });
    const fresh = uniqueStream();
    await expect(
      store.createStreams([
        { streamId: fresh, events: [increment(2)], options: { tenantId: 'tenant_x' } },
        { streamId: existing, events: [increment(3)], options: { tenantId: 'tenant_x' } },
      ]),
    ).rejects.toBeInstanceOf(StreamsAlreadyExist);
    expect((await store.readStream(fresh)).events).toHaveLength(0);
    expect((await store.readStream(existing)).events.map((event) => event.data)).toEqual([{ by: 1 }]);
  });

  it('batches concurrent creations and still tells each caller its own outcome when a neighbour existed', async () => {
    const existing = uniqueStream();
    await store.append(existing, 'no_stream', [increment(1)], { tenantId: 'tenant_y' });
    const fresh = Array.from({ length: 5 }, () => uniqueStream());
    const batcher = new StreamCreationBatcher(store, 4);
    const outcomes = await Promise.all(
      [...fresh, existing].map((streamId) =>
        batcher.create({ streamId, events: [increment(5)], options: { tenantId: 'tenant_y' } }),
      ),
    );
    expect(outcomes).toEqual(['created', 'created', 'created', 'created', 'created', 'exists']);
    for (const streamId of fresh)
      expect((await store.readStream(streamId)).events.map((event) => event.data)).toEqual([{ by: 5 }]);
    expect((await store.readStream(existing)).events.map((event) => event.data)).toEqual([{ by: 1 }]);
  });
});
