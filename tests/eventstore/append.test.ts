import { Timestamp } from '@google-cloud/firestore';
import { partitionOf } from '../../src/domain/partition';
import { GENESIS_HASH, InlineWriteConflict, InvalidAppend, WrongExpectedRevision } from '../../src/eventstore';
import { testFirestore } from '../support/firestore';
import { increment, testEventStore, uniqueStream } from './support';

describe('append', () => {
  const db = testFirestore();
  const store = testEventStore(db);
  afterAll(() => db.terminate());

  it('creates a stream with no_stream and records the envelope of every event', async () => {
    const streamId = uniqueStream();
    const before = Date.now();
    const result = await store.append(streamId, 'no_stream', [increment(1), increment(2)], {
      tenantId: 'acme_corp',
      actor: 'user:alice',
      correlationId: 'corr-1',
      causationId: 'cause-1',
    });
    expect(result).toMatchObject({ streamId, firstRevision: 1, lastRevision: 2 });

    const { events, head } = await store.readStream(streamId);
    expect(events.map((e) => [e.revision, e.type, e.data])).toEqual([
      [1, 'CounterIncremented', { by: 1 }],
      [2, 'CounterIncremented', { by: 2 }],
    ]);
    const [first, second] = events;
    expect(first?.tenantId).toBe('acme_corp');
    expect(first?.partition).toBe(partitionOf('acme_corp', 4));
    expect(first?.meta).toEqual({
      correlationId: 'corr-1',
      causationId: 'cause-1',
      actor: 'user:alice',
      occurredAt: expect.any(String),
    });
    expect(first?.recordedAt).toBeInstanceOf(Timestamp);
    expect(first?.recordedAt.toMillis()).toBeGreaterThanOrEqual(before - 1_000);
    expect(first?.eventId).not.toBe(second?.eventId);
    expect(first?.prevHash).toBe(GENESIS_HASH);
    expect(second?.prevHash).toBe(first?.hash);
    expect(head.revision).toBe(2);
    expect(head.hash).toBe(second?.hash);
    expect(result.head).toEqual(head);
  });

  it('appends after an exact revision, a head, or any', async () => {
    const streamId = uniqueStream();
    const created = await store.append(streamId, 'no_stream', [increment(1)], { tenantId: 't1' });
    await store.append(streamId, 1, [increment(2)], { tenantId: 't1' });
    const read = await store.readStream(streamId);
    await store.append(streamId, read.head, [increment(3)], { tenantId: 't1' });
    await store.append(streamId, 'any', [increment(4)], { tenantId: 't1' });
    const { events } = await store.readStream(streamId);
    expect(events.map((e) => e.data)).toEqual([{ by: 1 }, { by: 2 }, { by: 3 }, { by: 4 }]);
    expect(events.map((e) => e.revision)).toEqual([1, 2, 3, 4]);
    expect(created.head.revision).toBe(1);
    expect((await store.verifyStream(streamId)).ok).toBe(true);
  });

  it('refuses a stale expectation with a typed error carrying stream, expected and actual', async () => {
    const streamId = uniqueStream();
    const first = await store.append(streamId, 'no_stream', [increment(1)], { tenantId: 't1' });
    await store.append(streamId, 1, [increment(2)], { tenantId: 't1' });

    await expect(store.append(streamId, 'no_stream', [increment(9)], { tenantId: 't1' })).rejects.toMatchObject({
      code: 'WRONG_EXPECTED_REVISION',
      streamId,
      expected: 'no_stream',
      actual: 2,
    });
    await expect(store.append(streamId, 1, [increment(9)], { tenantId: 't1' })).rejects.toBeInstanceOf(
      WrongExpectedRevision,
    );
    await expect(store.append(streamId, first.head, [increment(9)], { tenantId: 't1' })).rejects.toMatchObject({
      actual: 2,
    });
    await expect(store.append(streamId, 5, [increment(9)], { tenantId: 't1' })).rejects.toMatchObject({
      expected: 5,
      actual: 2,
    });
    expect((await store.readStream(streamId)).events).toHaveLength(2);
  });

  it('commits inline read-model writes in the same commit as the events', async () => {
    const streamId = uniqueStream();
    await store.append(streamId, 'no_stream', [increment(5)], {
      tenantId: 't1',
      inlineWrites: [{ op: 'set', path: `counters/${streamId}`, data: { total: 5 } }],
    });
    expect((await db.doc(`counters/${streamId}`).get()).data()).toEqual({ total: 5 });
  });

  it('appends nothing when an inline write conflicts, and says so distinctly', async () => {
    const streamId = uniqueStream();
    await db.doc(`locks/${streamId}`).create({ taken: true });
    const attempt = store.append(streamId, 'no_stream', [increment(1), increment(2)], {
      tenantId: 't1',
      inlineWrites: [{ op: 'create', path: `locks/${streamId}`, data: { taken: true } }],
    });
    await expect(attempt).rejects.toBeInstanceOf(InlineWriteConflict);
    expect((await store.readStream(streamId)).events).toHaveLength(0);
  });

  it('is all-or-nothing: when one revision of a multi-event append is taken, none is written', async () => {
    const streamId = uniqueStream();
    await store.append(streamId, 'no_stream', [increment(1)], { tenantId: 't1' });
    // Another writer's document already sits at revision 3 (the middle of our append of 2..4).
    await db.doc(`streams/${streamId}/events/0000000003`).create({ revision: 3, intruder: true });
    await expect(
      store.append(streamId, 1, [increment(2), increment(3), increment(4)], { tenantId: 't1' }),
    ).rejects.toBeInstanceOf(WrongExpectedRevision);
    const ids = (await db.collection(`streams/${streamId}/events`).listDocuments()).map((ref) => ref.id).sort();
    expect(ids).toEqual(['0000000001', '0000000003']);
  });

  it('refuses bad input before touching Firestore', async () => {
    const streamId = uniqueStream();
    const bad = [
      store.append('../escape', 'no_stream', [increment(1)], { tenantId: 't1' }),
      store.append('has/slash', 'no_stream', [increment(1)], { tenantId: 't1' }),
      store.append(streamId, 'no_stream', [], { tenantId: 't1' }),
      store.append(streamId, 'no_stream', [{ type: 'Unregistered', data: {} }], { tenantId: 't1' }),
      store.append(streamId, 'no_stream', [{ type: 'CounterIncremented', data: { by: 'two' } }], { tenantId: 't1' }),
      store.append(streamId, -1, [increment(1)], { tenantId: 't1' }),
      store.append(streamId, 'no_stream', [increment(1)], {
        tenantId: 't1',
        inlineWrites: [{ op: 'delete', path: 'streams/other/events/0000000001' }],
      }),
    ];
    for (const attempt of bad) await expect(attempt).rejects.toBeInstanceOf(InvalidAppend);
    await expect(
      store.append(streamId, 'no_stream', [{ type: 'CounterIncremented', data: { by: 'two' } }], { tenantId: 't1' }),
    ).rejects.toThrow(/data\.by: expected number/);
    expect((await store.readStream(streamId)).events).toHaveLength(0);
  });
});
