import { FieldPath, FieldValue, type Firestore } from '@google-cloud/firestore';
import { concurrencyPath } from '../runs/run-paths';
import { ConcurrencyDocument } from './codecs';
import { decodeDocument } from './decode-document';

/** `renewed`; `lost`: the slot is gone or another worker's; `contended`: the document kept changing under us. */
export type SlotRenewal = 'renewed' | 'lost' | 'contended';

/**
 * A running worker's port onto its slot in `concurrency/{tenantId}` (the gate takes slots in the run's own
 * commit; see gate.ts). Every write is guarded, so a worker never extends or frees a slot it no longer holds.
 */
export interface ConcurrencySlots {
  /** The runs whose slot is still live at `nowMs` (a slot past its expiry belongs to a dead worker). */
  liveRunIds(tenantId: string, nowMs: number): Promise<ReadonlySet<string>>;
  renew(tenantId: string, runId: string, workerId: string, expiresAt: number): Promise<SlotRenewal>;
  /** Frees the slot when this worker still holds it; whether it did. */
  release(tenantId: string, runId: string, workerId: string): Promise<boolean>;
}

const RENEW_ATTEMPTS = 3;

export function firestoreConcurrencySlots(db: Firestore): ConcurrencySlots {
  return {
    async liveRunIds(tenantId, nowMs) {
      const slots = decodeDocument(ConcurrencyDocument, await db.doc(concurrencyPath(tenantId)).get())?.slots ?? {};
      return new Set(Object.entries(slots).flatMap(([runId, slot]) => (slot.expiresAt > nowMs ? [runId] : [])));
    },

    async renew(tenantId, runId, workerId, expiresAt) {
      const ref = db.doc(concurrencyPath(tenantId));
      for (let attempt = 0; attempt < RENEW_ATTEMPTS; attempt += 1) {
        const snapshot = await ref.get();
        const slots = decodeDocument(ConcurrencyDocument, snapshot)?.slots ?? {};
        if (slots[runId]?.workerId !== workerId) return 'lost';
        try {
          // The whole map under the update time read: another run's start or finish in between makes us re-read.
          const renewed = { ...slots, [runId]: { workerId, expiresAt } };
          await ref.update({ slots: renewed }, { lastUpdateTime: snapshot.updateTime });
          return 'renewed';
        } catch {
          // Another run of the tenant changed the slots meanwhile: read again.
        }
      }
      return 'contended';
    },

    release(tenantId, runId, workerId) {
      const ref = db.doc(concurrencyPath(tenantId));
      return db.runTransaction(async (transaction) => {
        const slots = decodeDocument(ConcurrencyDocument, await transaction.get(ref))?.slots ?? {};
        if (slots[runId]?.workerId !== workerId) return false;
        // A FieldPath, not a dotted string: the slot is keyed by the run id.
        transaction.update(ref, new FieldPath('slots', runId), FieldValue.delete());
        return true;
      });
    },
  };
}
