import type { Firestore } from '@google-cloud/firestore';
import { startHeartbeat } from '../../src/app/runs/heartbeat';
import { testFirestore } from '../support/firestore';

/**
 * The heartbeat of a running run, on the emulator: it renews its worker's slot, and aborts the execution when the
 * slot went to another worker or the run was cancelled. Its interval is real (a few ms here); the tests wait for
 * the renewal or the abort itself, each with a deadline that fails naming what did not happen.
 */
const NOW = Date.UTC(2026, 5, 1, 12);
const LEASE_MS = 60_000;
const WAIT_MS = 10_000;

let db: Firestore;
beforeAll(() => {
  db = testFirestore();
});
afterAll(() => db.terminate());

function heartbeatOf(tenantId: string, runId: string, workerId: string) {
  const abort = new AbortController();
  const stop = startHeartbeat(
    { db, now: () => new Date(NOW), execution: { leaseMs: LEASE_MS, heartbeatMs: 5 } as never },
    tenantId,
    runId,
    workerId,
    abort,
  );
  return { abort, stop };
}

async function seed(tenantId: string, runId: string, status: string, slotWorker: string): Promise<void> {
  await db.doc(`runs/${runId}`).set({ runId, tenantId, status });
  await db
    .doc(`concurrency/${tenantId}`)
    .set({ tenantId, slots: { [runId]: { workerId: slotWorker, expiresAt: NOW } } });
}

const deadline = (what: string) =>
  new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${WAIT_MS} ms`)), WAIT_MS));

/** Resolves with the abort's reason once the signal fires. */
const abortReason = (signal: AbortSignal, what: string) =>
  Promise.race([
    new Promise<string>((resolve) => signal.addEventListener('abort', () => resolve(String(signal.reason)))),
    deadline(what),
  ]);

/** Resolves once the run's slot holds `expiresAt` (a listener on the document, not polling). */
function slotExpiringAt(tenantId: string, runId: string, expiresAt: number): Promise<void> {
  let unsubscribe = () => {};
  const renewed = new Promise<void>((resolve) => {
    unsubscribe = db.doc(`concurrency/${tenantId}`).onSnapshot((snapshot) => {
      if (snapshot.get('slots')?.[runId]?.expiresAt === expiresAt) resolve();
    });
  });
  return Promise.race([renewed, deadline(`renewal of ${runId}`)]).finally(() => unsubscribe());
}

describe('given a running run whose slot is held by this worker', () => {
  it('renews the slot to now + the lease and does not abort', async () => {
    await seed('hb_renew', 'run_renew', 'running', 'w1');
    const { abort, stop } = heartbeatOf('hb_renew', 'run_renew', 'w1');
    try {
      await slotExpiringAt('hb_renew', 'run_renew', NOW + LEASE_MS);
      expect(abort.signal.aborted).toBe(false);
      expect((await db.doc('concurrency/hb_renew').get()).get('slots')).toEqual({
        run_renew: { workerId: 'w1', expiresAt: NOW + LEASE_MS },
      });
    } finally {
      await stop();
    }
  });
});

describe('given a running run whose slot another worker took over', () => {
  it('aborts the execution: the lease was lost', async () => {
    await seed('hb_lost', 'run_lost', 'running', 'w2');
    const { abort, stop } = heartbeatOf('hb_lost', 'run_lost', 'w1');
    try {
      expect(await abortReason(abort.signal, 'abort')).toBe('Error: the lease was lost to another worker');
      // The other worker's slot is left as it was.
      expect((await db.doc('concurrency/hb_lost').get()).get('slots')).toEqual({
        run_lost: { workerId: 'w2', expiresAt: NOW },
      });
    } finally {
      await stop();
    }
  });
});

describe('given a run cancelled while its worker runs it', () => {
  it('aborts the execution: the run was cancelled', async () => {
    await seed('hb_cancel', 'run_cancel', 'cancelled', 'w1');
    const { abort, stop } = heartbeatOf('hb_cancel', 'run_cancel', 'w1');
    try {
      expect(await abortReason(abort.signal, 'abort')).toBe('Error: the run was cancelled');
    } finally {
      await stop();
    }
  });
});
