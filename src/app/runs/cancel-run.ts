import type { Actor, ServiceContext } from '../service-context';
import { releaseWrites } from './gate';
import { runNotFound } from './get-run';
import { handleRunCommand, loadRun } from './handle-run-command';

/**
 * Cancels an open run: its slot is freed in the same commit. A running execution sees it at its next
 * heartbeat and stops between steps, cancelling the BigQuery job in flight. Cancelling a finished run is a no-op.
 */
export async function cancelRun(ctx: ServiceContext, runId: string, reason: string, actor: Actor) {
  const { state } = await loadRun(ctx.store, runId);
  if (!state.exists) throw runNotFound(runId);
  const tenantId = state.tenantId;
  const result = await handleRunCommand(
    ctx,
    runId,
    tenantId,
    async (current) => {
      const usageDay = current.exists ? current.usage?.day : undefined;
      return {
        command: { type: 'CancelRun', data: { reason, now: ctx.now().toISOString() } },
        extraWrites: (events) => releaseWrites(tenantId, events, runId, usageDay),
      };
    },
    actor,
  );
  return {
    run_id: runId,
    status: result.state.exists ? result.state.status : 'unknown',
    cancelled: result.events.length > 0,
  };
}
