import http2 from 'node:http2';
import { Firestore } from '@google-cloud/firestore';
import { startFirestoreMeter, type FirestoreMeter } from '../../smoke/production/firestore-meter';
import { testProjectId } from '../support/firestore';

// The Firestore client lets FIRESTORE_EMULATOR_HOST override any host it is given, so the metered client is
// built with the variable briefly unset; it keeps the meter's host from then on.
function clientThrough(meter: FirestoreMeter): Firestore {
  const emulatorHost = process.env.FIRESTORE_EMULATOR_HOST;
  delete process.env.FIRESTORE_EMULATOR_HOST;
  try {
    return new Firestore({ projectId: testProjectId(), host: meter.host, ssl: false });
  } finally {
    process.env.FIRESTORE_EMULATOR_HOST = emulatorHost;
  }
}

function emulatorHost(): string {
  const host = process.env.FIRESTORE_EMULATOR_HOST;
  if (!host) throw new Error('FIRESTORE_EMULATOR_HOST is not set: the jest globalSetup starts the emulator.');
  return host;
}

describe('Firestore billing meter', () => {
  let meter: FirestoreMeter;
  let db: Firestore;

  beforeAll(async () => {
    meter = await startFirestoreMeter({ target: emulatorHost() });
    db = clientThrough(meter);
  });
  afterAll(async () => {
    await db.terminate();
    await meter.stop();
  });
  beforeEach(() => meter.reset());

  it('counts each set of a batch as one write', async () => {
    const batch = db.batch();
    for (const id of ['a', 'b', 'c']) batch.set(db.doc(`meter-batch/${id}`), { id });
    await batch.commit();

    const counts = meter.counts();
    expect(counts).toMatchObject({ reads: 0, writes: 3, deletes: 0, errors: [] });
    expect(counts.byMethod.Commit).toMatchObject({ calls: 1, failed: 0, writes: 3 });
  });

  it('counts a found and a missing document of a transaction getAll as two reads, and its write as one', async () => {
    await db.doc('meter-tx/present').set({ n: 1 });
    meter.reset();

    await db.runTransaction(async (tx) => {
      const [present, absent] = await tx.getAll(db.doc('meter-tx/present'), db.doc('meter-tx/absent'));
      expect([present?.exists, absent?.exists]).toEqual([true, false]);
      tx.set(db.doc('meter-tx/absent'), { n: 2 });
    });

    expect(meter.counts()).toMatchObject({ reads: 2, writes: 1, deletes: 0, errors: [] });
    expect(meter.counts().byMethod.BatchGetDocuments).toMatchObject({ reads: 2 });
  });

  it('counts a query by the documents it returns, and an empty query as one read', async () => {
    const batch = db.batch();
    for (const n of [1, 2, 3, 4, 5]) batch.set(db.doc(`meter-query/d${n}`), { n });
    await batch.commit();
    meter.reset();

    const four = await db.collection('meter-query').where('n', '<=', 4).get();
    expect(four.size).toBe(4);
    expect(meter.counts()).toMatchObject({ reads: 4, writes: 0 });

    meter.reset();
    const none = await db.collection('meter-query').where('n', '>', 100).get();
    expect(none.size).toBe(0);
    expect(meter.counts()).toMatchObject({ reads: 1, writes: 0, errors: [] });
    expect(meter.counts().byMethod.RunQuery).toMatchObject({ calls: 1, reads: 1 });
  });

  it('streams a query response larger than one HTTP/2 frame window and counts every document', async () => {
    const padding = 'x'.repeat(8000);
    const batch = db.batch();
    for (let n = 0; n < 500; n++) batch.set(db.doc(`meter-large/d${String(n).padStart(3, '0')}`), { n, padding });
    await batch.commit();
    expect(meter.counts().writes).toBe(500);
    meter.reset();

    const all = await db.collection('meter-large').get();

    expect(all.size).toBe(500);
    expect(all.docs.every((doc) => doc.get('padding') === padding)).toBe(true);
    expect(meter.counts()).toMatchObject({ reads: 500, writes: 0, errors: [] });
  });

  it('counts a count() aggregation as one read per thousand index entries, at least one', async () => {
    const batch = db.batch();
    for (const n of [1, 2, 3]) batch.set(db.doc(`meter-count/d${n}`), { n });
    await batch.commit();
    meter.reset();

    const counted = await db.collection('meter-count').count().get();
    expect(counted.data().count).toBe(3);
    expect(meter.counts()).toMatchObject({ reads: 1, errors: [] });
    expect(meter.counts().byMethod.RunAggregationQuery).toMatchObject({ calls: 1, reads: 1 });
  });

  it('counts a delete as a write and as a delete', async () => {
    await db.doc('meter-delete/gone').set({ n: 1 });
    meter.reset();

    await db.doc('meter-delete/gone').delete();

    expect(meter.counts()).toMatchObject({ reads: 0, writes: 1, deletes: 1, errors: [] });
  });

  it('passes an error status through in the trailers, and bills the refused commit nothing', async () => {
    await db.doc('meter-create/taken').create({ n: 1 });
    meter.reset();

    await expect(db.doc('meter-create/taken').create({ n: 2 })).rejects.toMatchObject({ code: 6 });

    expect(meter.counts()).toMatchObject({ reads: 0, writes: 0, errors: [] });
    expect(meter.counts().byMethod.Commit).toMatchObject({ calls: 1, failed: 1 });
    expect((await db.doc('meter-create/taken').get()).data()).toEqual({ n: 1 });
  });

  it('forgets everything counted before reset()', async () => {
    await db.doc('meter-reset/x').set({ n: 1 });
    expect(meter.counts().writes).toBe(1);

    meter.reset();

    expect(meter.counts()).toEqual({ reads: 0, writes: 0, deletes: 0, byMethod: {}, errors: [] });
  });

  it('refuses a compressed message by name, forwarding nothing', async () => {
    const session = http2.connect(`http://${meter.host}`);
    try {
      const stream = session.request({
        ':method': 'POST',
        ':path': '/google.firestore.v1.Firestore/Commit',
        'content-type': 'application/grpc',
        'grpc-encoding': 'gzip',
        te: 'trailers',
      });
      const body = Buffer.from([1, 0, 0, 0, 3, 0x1f, 0x8b, 0x08]);
      const closed = new Promise<number | undefined>((resolve) => {
        stream.on('close', () => resolve(stream.rstCode));
        stream.on('error', () => undefined);
        stream.resume();
      });
      stream.end(body);

      expect(await closed).toBe(http2.constants.NGHTTP2_INTERNAL_ERROR);
    } finally {
      session.close();
    }

    const counts = meter.counts();
    expect(counts.errors).toEqual([expect.objectContaining({ code: 'COMPRESSED_MESSAGE', method: 'Commit' })]);
    expect(counts.writes).toBe(0);
  });
});
