import { createEventRegistry, createEventStore, MalformedEvent, type EventSchema } from '../../src/eventstore';
import { testFirestore } from '../support/firestore';
import { CounterIncremented, increment, NoteAddedV1, testEventStore, testRegistry, uniqueStream } from './support';

describe('hash chain verification and decoding', () => {
  const db = testFirestore();
  const store = testEventStore(db);
  afterAll(() => db.terminate());

  async function streamOf(count: number): Promise<string> {
    const streamId = uniqueStream('audited');
    await store.append(
      streamId,
      'no_stream',
      Array.from({ length: count }, (_, i) => increment(i + 1)),
      { tenantId: 'acme' },
    );
    return streamId;
  }

  it('proves an untouched stream', async () => {
    const streamId = await streamOf(5);
    expect(await store.verifyStream(streamId)).toEqual({ streamId, ok: true, events: 5 });
  });

  it('names the first tampered event (its data changed in place)', async () => {
    const streamId = await streamOf(5);
    await db.doc(`streams/${streamId}/events/0000000003`).update({ 'data.by': 300 });
    expect(await store.verifyStream(streamId)).toMatchObject({
      ok: false,
      events: 2,
      brokenAt: { revision: 3, path: `streams/${streamId}/events/0000000003`, reason: 'hash_mismatch' },
    });
  });

  it('detects a rewritten hash by the next link', async () => {
    const streamId = await streamOf(4);
    await db.doc(`streams/${streamId}/events/0000000002`).update({ 'data.by': 20, hash: 'f'.repeat(64) });
    expect(await store.verifyStream(streamId)).toMatchObject({
      ok: false,
      brokenAt: { revision: 2, reason: 'hash_mismatch' },
    });
  });

  it('detects a deleted event as a gap', async () => {
    const streamId = await streamOf(4);
    await db.doc(`streams/${streamId}/events/0000000002`).delete();
    expect(await store.verifyStream(streamId)).toMatchObject({
      ok: false,
      brokenAt: { revision: 2, reason: 'revision_gap' },
    });
  });

  it('reports a malformed envelope naming stream, revision and field', async () => {
    const streamId = await streamOf(3);
    await db.doc(`streams/${streamId}/events/0000000002`).update({ 'meta.actor': 42 });
    const failure = await store.readStream(streamId).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MalformedEvent);
    expect(failure).toMatchObject({ streamId, revision: 2 });
    expect((failure as Error).message).toMatch(/meta\.actor: expected string, got 42/);
    expect(await store.verifyStream(streamId)).toMatchObject({
      ok: false,
      brokenAt: { revision: 2, reason: 'malformed' },
    });
  });

  it('reports malformed event data naming the data field', async () => {
    const streamId = await streamOf(2);
    await db.doc(`streams/${streamId}/events/0000000001`).update({ 'data.by': 'one' });
    await expect(store.readStream(streamId)).rejects.toThrow(/revision 1: data\.by: expected number, got "one"/);
  });

  it('upcasts events stored at an older schemaVersion when reading', async () => {
    const streamId = uniqueStream('notes');
    const oldService = createEventStore({
      db,
      registry: createEventRegistry([CounterIncremented as EventSchema, NoteAddedV1 as EventSchema]),
      partitions: 4,
    });
    await oldService.append(streamId, 'no_stream', [{ type: 'NoteAdded', data: { note: 'hello' } }], {
      tenantId: 'acme',
    });

    const { events } = await store.readStream(streamId);
    expect(events[0]).toMatchObject({ type: 'NoteAdded', schemaVersion: 2, data: { text: 'hello' } });
    expect(await store.verifyStream(streamId)).toMatchObject({ ok: true }); // the stored (old) form is what is hashed
  });

  it('refuses to read an event newer than the service knows', async () => {
    const streamId = uniqueStream('notes');
    await store.append(streamId, 'no_stream', [{ type: 'NoteAdded', data: { text: 'x' } }], { tenantId: 'acme' });
    const olderService = createEventStore({
      db,
      registry: createEventRegistry([NoteAddedV1 as EventSchema]),
      partitions: 4,
    });
    await expect(olderService.readStream(streamId)).rejects.toThrow(
      /schemaVersion: 2 is newer than this service knows \(1\)/,
    );
    expect(testRegistry.versionOf('NoteAdded')).toEqual({ _tag: 'Right', right: 2 });
  });
});
