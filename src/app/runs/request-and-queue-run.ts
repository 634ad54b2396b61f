import * as E from 'fp-ts/Either';
import { runStreamId } from '../../domain/streams';
import { decideRun } from '../../domain/run/decide';
import type { RunEvent } from '../../domain/run/events';
import { evolveRun, initialRunState } from '../../domain/run/state';
import { WrongExpectedRevision, type InlineWrite, type NewStream } from '../../eventstore';
import { DomainRefusal } from '../domain-refusal';
import type { Actor, ServiceContext } from '../service-context';
import { dispatchRun } from './dispatch-run';
import { loadRun } from './handle-run-command';
import type { RunRequest } from './request-run';
import { runInlineWrites } from './run-inline-writes';
import type { CreationOutcome, StreamCreationBatcher } from './stream-creation-batcher';

async function createStream(
  ctx: ServiceContext,
  stream: NewStream,
  batcher: StreamCreationBatcher | undefined,
): Promise<CreationOutcome> {
  if (batcher) return batcher.create(stream);
  try {
    await ctx.store.append(stream.streamId, 'no_stream', stream.events, stream.options);
    return 'created';
  } catch (error) {
    if (error instanceof WrongExpectedRevision) return 'exists';
    throw error;
  }
}

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
  const decide = (command: Parameters<typeof decideRun>[0], state: Parameters<typeof decideRun>[1]) => {
    const decision = decideRun(command, state);
    if (E.isLeft(decision)) throw new DomainRefusal(decision.left);
    return decision.right;
  };
  const requested = decide({ type: 'RequestRun', data: request }, initialRunState);
  const afterRequest = requested.reduce(evolveRun, initialRunState);
  const queued = decide({ type: 'MarkQueued', data: { notBefore: null, now: now.toISOString() } }, afterRequest);
  const events: readonly RunEvent[] = [...requested, ...queued];
  const after = queued.reduce(evolveRun, afterRequest);
  const stream = {
    streamId: runStreamId(request.runId),
    events,
    options: {
      tenantId: request.tenantId,
      actor: actor.actor,
      assertedUserId: actor.assertedUserId,
      ...(actor.correlationId ? { correlationId: actor.correlationId } : {}),
      inlineWrites: [...runInlineWrites(after, events, events.length, now), ...alsoWrite],
    },
  };
  if ((await createStream(ctx, stream, batcher)) === 'exists') {
    const { state } = await loadRun(ctx.store, request.runId);
    if (state.exists && state.status === 'requested') {
      await dispatchRun(ctx, request.runId, request.tenantId, null, actor);
      return { created: false, dispatched: true };
    }
    return { created: false, dispatched: false };
  }
  const generation = after.exists ? after.generation : 1;
  await ctx.execution.dispatcher.dispatchRun({ runId: request.runId, tenantId: request.tenantId, generation });
  return { created: true, dispatched: true };
}
