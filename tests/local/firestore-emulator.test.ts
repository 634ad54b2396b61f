import { testFirestore } from '../support/firestore';

describe('test harness', () => {
  const db = testFirestore();
  afterAll(() => db.terminate());

  it('talks to the Firestore emulator and starts each file empty', async () => {
    expect(process.env.FIRESTORE_EMULATOR_HOST).toMatch(/^127\.0\.0\.1:\d+$/);
    expect((await db.collection('streams').limit(1).get()).size).toBe(0);
    await db.doc('probe/one').create({ ok: true });
    expect((await db.doc('probe/one').get()).data()).toEqual({ ok: true });
  });
});
