import type { ServiceContext } from '../service-context';
import { concurrencyPath, runPath, type Slot } from './run-paths';

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
): () => void {
  const { leaseMs, heartbeatMs } = ctx.execution;
  const beat = async () => {
    const status = (await ctx.db.doc(runPath(runId)).get()).get('status');
    if (status === 'cancelled') return abort.abort(new Error('the run was cancelled'));
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const snapshot = await ctx.db.doc(concurrencyPath(tenantId)).get();
      const slots = (snapshot.get('slots') ?? {}) as Record<string, Slot>;
      const mine = slots[runId];
      if (!mine || mine.workerId !== workerId) return abort.abort(new Error('the lease was lost to another worker'));
      const renewed = { ...slots, [runId]: { workerId, expiresAt: ctx.now().getTime() + leaseMs } };
      try {
        await snapshot.ref.update({ slots: renewed }, { lastUpdateTime: snapshot.updateTime });
        return;
      } catch {
        // Another run of the tenant changed the slots meanwhile: read again.
      }
    }
  };
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(beat).catch(() => undefined);
  }, heartbeatMs);
  timer.unref();
  return () => clearInterval(timer);
}
