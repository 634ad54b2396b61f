import { eventPath } from '../../src/eventstore/layout';
import { FIRST_WINDOW } from '../../src/eventstore/read-stream';
import { testFirestore } from '../support/firestore';
import { increment, testEventStore, uniqueStream } from './support';

/**
 * readStream gets the first FIRST_WINDOW revisions by document id and pages through the rest with queries:
 * whatever the length and the starting revision, a stream reads whole, in order, with its head.
 */
describe('readStream across its first window', () => {
  const db = testFirestore();
  const store = testEventStore(db);
  afterAll(() => db.terminate());

  async function streamOf(length: number): Promise<string> {
    const streamId = uniqueStream('window');
    // In commits of at most 50 events, each at the next revision.
    for (let written = 0; written < length; written += 50) {
      const events = Array.from({ length: Math.min(50, length - written) }, (_, i) => increment(written + i + 1));
      await store.append(streamId, written === 0 ? 'no_stream' : written, events, { tenantId: 'acme_corp' });
    }
    return streamId;
  }

  it.each([1, FIRST_WINDOW - 1, FIRST_WINDOW, FIRST_WINDOW + 1, 3 * FIRST_WINDOW + 5, 612])(
    'a stream of %i events reads whole and in order',
    async (length) => {
      const streamId = await streamOf(length);
      const { events, head } = await store.readStream(streamId);
      expect(events.map((e) => e.revision)).toEqual(Array.from({ length }, (_, i) => i + 1));
      expect(events.map((e) => (e.data as { by: number }).by)).toEqual(Array.from({ length }, (_, i) => i + 1));
      expect(head).toEqual({ revision: length, hash: events[length - 1]?.hash });
    },
  );

  it('from a revision inside, at the window edge and past the end', async () => {
    const streamId = await streamOf(2 * FIRST_WINDOW + 3);
    for (const from of [2, FIRST_WINDOW, FIRST_WINDOW + 1, 2 * FIRST_WINDOW + 3]) {
      const { events, head } = await store.readStream(streamId, from);
      expect(events.map((e) => e.revision)).toEqual(
        Array.from({ length: 2 * FIRST_WINDOW + 4 - from }, (_, i) => from + i),
      );
      expect(head.revision).toBe(2 * FIRST_WINDOW + 3);
    }
    const past = await store.readStream(streamId, 2 * FIRST_WINDOW + 4);
    expect(past.events).toEqual([]);
    expect(past.head.revision).toBe(2 * FIRST_WINDOW + 3);
    const empty = await store.readStream(uniqueStream('never-written'));
    expect(empty).toMatchObject({ events: [], head: { revision: 0 } });
  });

  it('a stream with a revision deleted from its middle reads as stored, so verification sees the gap', async () => {
    const streamId = await streamOf(6);
    await db.doc(eventPath(streamId, 3)).delete();
    const { events } = await store.readStream(streamId);
    expect(events.map((e) => e.revision)).toEqual([1, 2, 4, 5, 6]);
  });
});
