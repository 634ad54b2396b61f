import { InvalidAppend, MalformedEvent } from '../../src/eventstore';
import { testFirestore } from '../support/firestore';
import { increment, testEventStore, uniqueStream } from './support';

/** Events are written exactly as their codecs declare them, and typed reads hold a stream to one aggregate. */
describe('event schema at append and read', () => {
  const db = testFirestore();
  const store = testEventStore(db);
  const options = { tenantId: 'acme_corp', actor: 'test' };
  afterAll(() => db.terminate());

  it('refuses an event carrying a field its codec does not declare, and writes nothing', async () => {
    const streamId = uniqueStream();
    const event = { type: 'CounterIncremented', data: { by: 1, recordedAt: '2026-12-07T10:00:00Z' } };
    const append = store.append(streamId, 'no_stream', [event], options);
    await expect(append).rejects.toThrow(InvalidAppend);
    await expect(store.append(streamId, 'no_stream', [event], options)).rejects.toThrow(
      'event CounterIncremented: data.recordedAt: not declared by the schema',
    );
    expect((await store.readStream(streamId)).events).toEqual([]);
  });

  it('refuses undeclared fields in a group of new streams too', async () => {
    const streamId = uniqueStream();
    const events = [{ type: 'NoteAdded', data: { text: 'hi', note: 'old name' } }];
    await expect(store.createStreams([{ streamId, events, options }])).rejects.toThrow(
      'data.note: not declared by the schema',
    );
    expect((await store.readStream(streamId)).events).toEqual([]);
  });

  it('reads a stream typed when every event belongs to the given types', async () => {
    const streamId = uniqueStream();
    await store.append(streamId, 'no_stream', [increment(2), increment(3)], options);
    const read = await store.readStreamOf<ReturnType<typeof increment>>(streamId, new Set(['CounterIncremented']));
    expect(read.events.map((event) => event.data.by)).toEqual([2, 3]);
    expect(read.head.revision).toBe(2);
  });

  it('names an event of another type as malformed, with its revision', async () => {
    const streamId = uniqueStream();
    await store.append(streamId, 'no_stream', [increment(1), { type: 'NoteAdded', data: { text: 'x' } }], options);
    const read = store.readStreamOf(streamId, new Set(['CounterIncremented']));
    await expect(read).rejects.toThrow(MalformedEvent);
    await expect(store.readStreamOf(streamId, new Set(['CounterIncremented']))).rejects.toThrow(
      `Malformed event in stream ${streamId} at revision 2: type: "NoteAdded" does not belong in this stream`,
    );
  });
});
