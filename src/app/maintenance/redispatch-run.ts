import type { Actor, ServiceContext } from '../service-context';
import { handleRunCommand } from '../runs/handle-run-command';
import { RunMovedOn } from './errors';
import type { RunRow } from './run-rows';

/**
 * Dispatches a waiting run (requested, queued or deferred) again as a new generation — the lost task is
 * replaced by a task of another name — but only if the run is still as it was examined: same status, same
 * generation. Two sweeps racing on one run therefore add one generation, not two (a plain MarkQueued would
 * decide a generation for each). Answers whether this call dispatched.
 */
export async function redispatchRun(ctx: ServiceContext, row: RunRow, actor: Actor): Promise<boolean> {
  const now = ctx.now().toISOString();
  let result;
  try {
    result = await handleRunCommand(
      ctx,
      row.runId,
      row.tenantId,
      async (state) => {
        if (!state.exists || state.status !== row.status || state.generation !== row.generation)
          throw new RunMovedOn(row.runId);
        return { command: { type: 'MarkQueued', data: { notBefore: null, now } } };
      },
      actor,
    );
  } catch (error) {
    if (error instanceof RunMovedOn) return false;
    throw error;
  }
  const queued = result.events.find((e) => e.type === 'RunQueued');
  if (queued?.type !== 'RunQueued') return false;
  // Recorded first, then dispatched: a crash in between leaves a queued run that the next sweep re-dispatches.
  await ctx.execution.dispatcher.dispatchRun({
    runId: row.runId,
    tenantId: row.tenantId,
    generation: queued.data.generation,
  });
  return true;
}
