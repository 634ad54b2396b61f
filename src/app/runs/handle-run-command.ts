import { runStreamId } from '../../domain/streams';
import type { RunCommand } from '../../domain/run/commands';
import { decideRun } from '../../domain/run/decide';
import { runEventCodecs, type RunEvent } from '../../domain/run/events';
import { evolveRun, initialRunState, type RunState } from '../../domain/run/state';
import type { EventStore, InlineWrite, StreamHead } from '../../eventstore';
import {
  decideAndAppend,
  eventTypesOf,
  inSequence,
  loadAggregate,
  type Decider,
  type KnownAggregate,
} from '../decide-and-append';
import type { Actor, ServiceContext } from '../service-context';
import { runInlineWrites } from './run-inline-writes';

export const runDecider: Decider<RunCommand, RunEvent, RunState> = {
  eventTypes: eventTypesOf(runEventCodecs),
  decide: decideRun,
  evolve: evolveRun,
  initialState: initialRunState,
};
const runSequenceDecider = inSequence(runDecider);

export function loadRun(store: EventStore, runId: string): Promise<{ state: RunState; head: StreamHead }> {
  return loadAggregate(store, runStreamId(runId), runDecider);
}

export interface RunCommandResult {
  readonly state: RunState;
  readonly before: RunState;
  readonly events: readonly RunEvent[];
  /** The stream's head after this command: with `state`, the `known` of the caller's next command. */
  readonly head: StreamHead;
}

/**
 * Decides a run command (or several, committed together) and appends its events with the run's read model (plus `extraWrites`, e.g. the gate's
 * slot and counters, computed from the loaded state) in one commit. The gate's preconditioned slot document is
 * contended by a tenant's runs, hence many attempts with jitter. An execution passes the state its previous
 * command left as `known`, which spares reading the stream back (see decideAndAppend).
 */
export function handleRunCommand(
  ctx: Pick<ServiceContext, 'store' | 'now'>,
  runId: string,
  tenantId: string,
  command: (state: RunState) => Promise<{
    command: RunCommand | readonly RunCommand[];
    extraWrites?: (events: readonly RunEvent[], after: RunState) => readonly InlineWrite[];
  }>,
  actor: Actor,
  known?: KnownAggregate<RunState>,
): Promise<RunCommandResult> {
  return decideAndAppend(
    ctx.store,
    { streamId: runStreamId(runId), tenantId },
    runSequenceDecider,
    async (state) => {
      const decided = await command(state);
      return {
        command: Array.isArray(decided.command) ? decided.command : [decided.command as RunCommand],
        extraWrites: (events, after, revision) => [
          ...runInlineWrites(after, events, revision, ctx.now()),
          ...(decided.extraWrites?.(events, after) ?? []),
        ],
      };
    },
    actor,
    { attempts: 25, jitterMs: 10, ...(known ? { known } : {}) },
  );
}
