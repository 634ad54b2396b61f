import { FieldPath, FieldValue } from '@google-cloud/firestore';
import type { ServiceContext } from '../service-context';
import { concurrencyPath, type Slot } from './run-paths';

/**
 * Gives a running run's slot back when this worker still holds it, leaving the run `running` with its step
 * started: the next delivery finds no live lease, takes the run over and resumes it, re-running the unfinished
 * step under the same deterministic job id (BigQuery answers that insert with the job already there).
 * Returns whether the slot was this worker's.
 */
export async function releaseLease(
  ctx: Pick<ServiceContext, 'db'>,
  tenantId: string,
  runId: string,
  workerId: string,
): Promise<boolean> {
  const ref = ctx.db.doc(concurrencyPath(tenantId));
  return ctx.db.runTransaction(async (transaction) => {
    const snapshot = await transaction.get(ref);
    const slots = (snapshot.get('slots') ?? {}) as Record<string, Slot>;
    if (slots[runId]?.workerId !== workerId) return false;
    // A FieldPath, not a dotted string: the slot is keyed by the run id.
    transaction.update(ref, new FieldPath('slots', runId), FieldValue.delete());
    return true;
  });
}
