import { firestoreConcurrencySlots, firestoreRunDocuments } from '../read-models';
import type { ServiceContext } from '../service-context';

/**
 * Keeps a running run's slot alive while its worker works. It aborts the execution when the slot was taken
 * over (this worker was presumed dead) or the run was cancelled, so a worker never goes on without a lease.
 */
export function startHeartbeat(
  ctx: Pick<ServiceContext, 'db' | 'now' | 'execution'>,
  tenantId: string,
  runId: string,
  workerId: string,
  abort: AbortController,
): () => Promise<void> {
  const { leaseMs, heartbeatMs } = ctx.execution;
  const runs = firestoreRunDocuments(ctx.db);
  const slots = firestoreConcurrencySlots(ctx.db);
  const beat = async () => {
    if ((await runs.get(runId))?.status === 'cancelled') return abort.abort(new Error('the run was cancelled'));
    const renewal = await slots.renew(tenantId, runId, workerId, ctx.now().getTime() + leaseMs);
    // `contended` is not a loss: the slot is still ours, and the next beat tries again well before it expires.
    if (renewal === 'lost') abort.abort(new Error('the lease was lost to another worker'));
  };
  // One beat at a time: a tick while the last beat is still in flight (a slow Firestore) is skipped rather than
  // queued, so beats never pile up, and none starts once the heartbeat is stopped.
  let beating: Promise<void> | undefined;
  let stopped = false;
  const timer = setInterval(() => {
    if (beating || stopped) return;
    beating = beat()
      .catch(() => undefined)
      .finally(() => {
        beating = undefined;
      });
  }, heartbeatMs);
  timer.unref();
  // Stopping is immediate; the returned promise settles once a beat still in flight has finished.
  return () => {
    stopped = true;
    clearInterval(timer);
    return beating ?? Promise.resolve();
  };
}
