/**
 * Inline read models of runs, written in the same commit as the run's events:
 * - `runs/{runId}`: the run as GET /pipelines/runs shows it, and what the trigger's overlap check and
 *   process-queue query;
 * - `concurrency/{tenantId}`: the tenant's live slots `{runId: {workerId, expiresAt}}`. Every start and finish
 *   writes it under a precondition on its update time, which serialises the execution gate per tenant.
 */
export const RUNS = 'runs';
export const runPath = (runId: string) => `${RUNS}/${runId}`;
export const CONCURRENCY = 'concurrency';
export const concurrencyPath = (tenantId: string) => `${CONCURRENCY}/${tenantId}`;

export interface Slot {
  readonly workerId: string;
  /** Epoch milliseconds: a slot past it belongs to a dead worker and no longer counts. */
  readonly expiresAt: number;
}
