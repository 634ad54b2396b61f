import { firestoreConcurrencySlots, MalformedReadModel } from '../../src/app/read-models';
import { testFirestore } from '../support/firestore';

/** A worker's port onto its slot, on the emulator: it renews and frees only the slot it still holds. */
describe('concurrency slots', () => {
  const db = testFirestore();
  const slots = firestoreConcurrencySlots(db);
  afterAll(() => db.terminate());
  const seed = (tenantId: string, data: unknown) => db.doc(`concurrency/${tenantId}`).set({ tenantId, slots: data });
  const stored = async (tenantId: string) => (await db.doc(`concurrency/${tenantId}`).get()).get('slots');

  describe('given a slot held by worker w1', () => {
    const held = { run_a: { workerId: 'w1', expiresAt: 1_000 }, run_b: { workerId: 'w2', expiresAt: 5_000 } };

    it('renews it for w1 and leaves the other slots as they were', async () => {
      await seed('renew', held);
      expect(await slots.renew('renew', 'run_a', 'w1', 9_000)).toBe('renewed');
      expect(await stored('renew')).toEqual({ ...held, run_a: { workerId: 'w1', expiresAt: 9_000 } });
    });

    it('reports it lost to another worker and writes nothing', async () => {
      await seed('taken', held);
      expect(await slots.renew('taken', 'run_a', 'w9', 9_000)).toBe('lost');
      expect(await stored('taken')).toEqual(held);
    });

    it('frees it for w1 only', async () => {
      await seed('release', held);
      expect(await slots.release('release', 'run_a', 'w9')).toBe(false);
      expect(await slots.release('release', 'run_a', 'w1')).toBe(true);
      expect(await stored('release')).toEqual({ run_b: held.run_b });
    });

    it('counts only slots live at the given instant', async () => {
      await seed('live', held);
      expect([...(await slots.liveRunIds('live', 2_000))]).toEqual(['run_b']);
    });
  });

  describe('given no concurrency document', () => {
    it('has no live runs and nothing to renew', async () => {
      expect((await slots.liveRunIds('none', 0)).size).toBe(0);
      expect(await slots.renew('none', 'run_a', 'w1', 9_000)).toBe('lost');
    });
  });

  describe('given a damaged document', () => {
    it('names it instead of reading a slot out of it', async () => {
      await seed('damaged', { run_a: { workerId: 'w1', expiresAt: 'soon' } });
      await expect(slots.liveRunIds('damaged', 0)).rejects.toThrow(MalformedReadModel);
      await expect(slots.liveRunIds('damaged', 0)).rejects.toThrow(/concurrency\/damaged: .*expiresAt/);
    });
  });
});
