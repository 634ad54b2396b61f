import { runStreamId } from '../../domain/streams';
import type { InlineWrite } from '../../eventstore';
import { inSequence } from '../decide-and-append';
import { decideAndCreate } from '../decide-and-create';
import type { Actor, ServiceContext } from '../service-context';
import type { StreamCreationBatcher } from '../stream-creation-batcher';
import { dispatchRun } from './dispatch-run';
import { loadRun, runDecider } from './handle-run-command';
import type { RunRequest } from './request-run';
import { runInlineWrites } from './run-inline-writes';

const runSequenceDecider = inSequence(runDecider);

/**
 * The trigger's fast path: RunRequested and RunQueued (generation 1) in one commit that creates the stream
 * (`noStream`, no read first), then the task. The stream already existing means a repeated tick: nothing is
 * recorded, and a run left undispatched by a crash is dispatched now. A crash between the commit and the task
 * leaves a queued run without a task, which process-queue dispatches again.
 */
export async function requestAndQueueRun(
  ctx: ServiceContext,
  request: RunRequest,
  actor: Actor,
  alsoWrite: readonly InlineWrite[] = [],
  batcher?: StreamCreationBatcher,
): Promise<{ created: boolean; dispatched: boolean }> {
  const now = ctx.now();
  const created = await decideAndCreate(
    ctx.store,
    { streamId: runStreamId(request.runId), tenantId: request.tenantId },
    runSequenceDecider,
    {
      command: [
        { type: 'RequestRun', data: request },
        { type: 'MarkQueued', data: { notBefore: null, now: now.toISOString() } },
      ],
      extraWrites: (events, after, revision) => [...runInlineWrites(after, events, revision, now), ...alsoWrite],
    },
    actor,
    batcher,
  );
  if (created.outcome === 'exists') {
    const { state } = await loadRun(ctx.store, request.runId);
    if (state.exists && state.status === 'requested') {
      await dispatchRun(ctx, request.runId, request.tenantId, null, actor);
      return { created: false, dispatched: true };
    }
    return { created: false, dispatched: false };
  }
  const generation = created.state.exists ? created.state.generation : 1;
  await ctx.execution.dispatcher.dispatchRun({ runId: request.runId, tenantId: request.tenantId, generation });
  return { created: true, dispatched: true };
}
