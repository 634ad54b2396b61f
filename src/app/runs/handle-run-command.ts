import * as E from 'fp-ts/Either';
import { runStreamId } from '../../domain/streams';
import type { RunCommand } from '../../domain/run/commands';
import { decideRun } from '../../domain/run/decide';
import type { RunEvent } from '../../domain/run/events';
import { evolveRun, initialRunState, type RunState } from '../../domain/run/state';
import { InlineWriteConflict, WrongExpectedRevision, type EventStore, type InlineWrite, type StreamHead } from '../../eventstore';
import { DomainRefusal } from '../handle-tenant-command';
import type { Actor, ServiceContext } from '../service-context';
import { runInlineWrites } from './run-inline-writes';

export async function loadRun(store: EventStore, runId: string): Promise<{ state: RunState; head: StreamHead }> {
  const read = await store.readStream(runStreamId(runId));
  return { state: (read.events as unknown as readonly RunEvent[]).reduce(evolveRun, initialRunState), head: read.head };
}

export interface RunCommandResult {
  readonly state: RunState;
  readonly before: RunState;
  readonly events: readonly RunEvent[];
}

const ATTEMPTS = 25;

/**
 * Load → decide → append with the run's read model (plus `extraWrites`, e.g. the gate's slot and counters,
 * computed from the loaded state). A lost race — on the stream or on an inline write's precondition — is
 * decided again from fresh state.
 */
export async function handleRunCommand(
  ctx: Pick<ServiceContext, 'store' | 'now'>,
  runId: string,
  tenantId: string,
  command: (state: RunState) => Promise<{ command: RunCommand; extraWrites?: (events: readonly RunEvent[], after: RunState) => readonly InlineWrite[] }>,
  actor: Actor,
): Promise<RunCommandResult> {
  for (let attempt = 1; ; attempt += 1) {
    const { state, head } = await loadRun(ctx.store, runId);
    const decided = await command(state);
    const decision = decideRun(decided.command, state);
    if (E.isLeft(decision)) throw new DomainRefusal(decision.left);
    const events = decision.right;
    if (events.length === 0) return { state, before: state, events };
    const after = events.reduce(evolveRun, state);
    const now = ctx.now();
    try {
      await ctx.store.append(runStreamId(runId), head.revision === 0 ? 'no_stream' : head, events, {
        tenantId,
        actor: actor.actor,
        ...(actor.correlationId ? { correlationId: actor.correlationId } : {}),
        inlineWrites: [...runInlineWrites(after, events, head.revision + events.length, now), ...(decided.extraWrites?.(events, after) ?? [])],
      });
      return { state: after, before: state, events };
    } catch (error) {
      const raced = error instanceof WrongExpectedRevision || error instanceof InlineWriteConflict;
      if (!raced || attempt >= ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * Math.min(attempt, 10)));
    }
  }
}
