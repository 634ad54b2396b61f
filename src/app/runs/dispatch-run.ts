import type { RunState } from '../../domain/run/state';
import type { Actor, ServiceContext } from '../service-context';
import { handleRunCommand } from './handle-run-command';

/**
 * Records the next dispatch generation (RunQueued, with its task name) and creates that task. If the process
 * dies between the two, process-queue finds the queued run without a live task and dispatches it again;
 * the task name keeps a repeated dispatch of one generation harmless.
 */
export async function dispatchRun(
  ctx: ServiceContext,
  runId: string,
  tenantId: string,
  notBefore: Date | null,
  actor: Actor,
): Promise<RunState> {
  const now = ctx.now();
  const result = await handleRunCommand(
    ctx,
    runId,
    tenantId,
    async () => ({
      command: { type: 'MarkQueued', data: { notBefore: notBefore?.toISOString() ?? null, now: now.toISOString() } },
    }),
    actor,
  );
  const queued = result.events.find((e) => e.type === 'RunQueued');
  if (queued?.type === 'RunQueued') {
    await ctx.execution.dispatcher.dispatchRun({
      runId,
      tenantId,
      generation: queued.data.generation,
      ...(notBefore ? { scheduleTime: notBefore } : {}),
    });
  }
  return result.state;
}
