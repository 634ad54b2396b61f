import { firestoreConcurrencySlots } from '../read-models';
import type { ServiceContext } from '../service-context';

/**
 * Gives a running run's slot back when this worker still holds it, leaving the run `running` with its step
 * started: the next delivery finds no live lease, takes the run over and resumes it, re-running the unfinished
 * step under the same deterministic job id (BigQuery answers that insert with the job already there).
 * Returns whether the slot was this worker's.
 */
export function releaseLease(
  ctx: Pick<ServiceContext, 'db'>,
  tenantId: string,
  runId: string,
  workerId: string,
): Promise<boolean> {
  return firestoreConcurrencySlots(ctx.db).release(tenantId, runId, workerId);
}
