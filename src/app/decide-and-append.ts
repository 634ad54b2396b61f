import * as E from 'fp-ts/Either';
import type { DomainError } from '../domain/errors';
import { InlineWriteConflict, WrongExpectedRevision, type EventStore, type InlineWrite, type NewEvent, type StreamHead } from '../eventstore';
import { DomainRefusal } from './domain-refusal';
import type { Actor } from './service-context';

/** A pure decider as the use cases run it. */
export interface Decider<Command, Event, State> {
  readonly decide: (command: Command, state: State) => E.Either<DomainError, readonly Event[]>;
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: State;
}

export interface Decided<Command, Event, State> {
  readonly command: Command;
  /** Writes that ride in the same commit as the events (read models, preconditioned documents). */
  readonly extraWrites?: (events: readonly Event[], after: State, revision: number) => readonly InlineWrite[];
}

export interface DecideAndAppendResult<Event, State> {
  readonly before: State;
  readonly state: State;
  readonly events: readonly Event[];
  /** The stream's revision after the append (the loaded one when nothing was decided). */
  readonly revision: number;
}

export interface DecideAndAppendOptions {
  /** Attempts when a concurrent writer wins the stream or an inline write's precondition (default 5). */
  readonly attempts?: number;
  /** Inline-write preconditions contend on hot documents: a little jitter spreads the retries. */
  readonly jitterMs?: number;
}

/** Folds a stream into its aggregate's state. */
export async function loadAggregate<Event, State>(store: EventStore, streamId: string, decider: Decider<never, Event, State>): Promise<{ state: State; head: StreamHead }> {
  const read = await store.readStream(streamId);
  return { state: (read.events as unknown as readonly Event[]).reduce(decider.evolve, decider.initialState), head: read.head };
}

/**
 * The write side's one mechanism: load the stream → decide (the command may depend on the loaded state) →
 * append the events with their inline writes in one commit. A lost race is decided again from fresh state; a
 * refusal is a DomainRefusal; deciding nothing appends nothing.
 */
export async function decideAndAppend<Command, Event extends NewEvent, State>(
  store: EventStore,
  stream: { readonly streamId: string; readonly tenantId: string },
  decider: Decider<Command, Event, State>,
  decideWith: (state: State) => Promise<Decided<Command, Event, State>> | Decided<Command, Event, State>,
  actor: Actor,
  options: DecideAndAppendOptions = {},
): Promise<DecideAndAppendResult<Event, State>> {
  const attempts = options.attempts ?? 5;
  const jitterMs = options.jitterMs ?? 0;
  for (let attempt = 1; ; attempt += 1) {
    const { state, head } = await loadAggregate(store, stream.streamId, decider);
    const decided = await decideWith(state);
    const decision = decider.decide(decided.command, state);
    if (E.isLeft(decision)) throw new DomainRefusal(decision.left);
    const events = decision.right;
    if (events.length === 0) return { before: state, state, events, revision: head.revision };
    const after = events.reduce(decider.evolve, state);
    const revision = head.revision + events.length;
    try {
      await store.append(stream.streamId, head.revision === 0 ? 'no_stream' : head, events, {
        tenantId: stream.tenantId,
        actor: actor.actor,
        ...(actor.correlationId ? { correlationId: actor.correlationId } : {}),
        inlineWrites: decided.extraWrites?.(events, after, revision) ?? [],
      });
      return { before: state, state: after, events, revision };
    } catch (error) {
      const raced = error instanceof WrongExpectedRevision || error instanceof InlineWriteConflict;
      if (!raced || attempt >= attempts) throw error;
      if (jitterMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * jitterMs * Math.min(attempt, 10)));
    }
  }
}
