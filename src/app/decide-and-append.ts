import * as E from 'fp-ts/Either';
import type { DomainError } from '../domain/errors';
import {
  InlineWriteConflict,
  WrongExpectedRevision,
  type EventStore,
  type InlineWrite,
  type NewEvent,
  type StreamHead,
} from '../eventstore';
import { DomainRefusal } from './domain-refusal';
import type { Actor } from './service-context';

/** A pure decider as the use cases run it, with the event types its stream may hold (for typed reads). */
export interface Decider<Command, Event extends NewEvent, State> {
  readonly eventTypes: ReadonlySet<Event['type']>;
  readonly decide: (command: Command, state: State) => E.Either<DomainError, readonly Event[]>;
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: State;
}

/**
 * The decider of a sequence of commands committed together: each is decided on the state the previous ones'
 * events left; one refusal refuses the whole sequence.
 */
export function inSequence<Command, Event extends NewEvent, State>(
  decider: Decider<Command, Event, State>,
): Decider<readonly Command[], Event, State> {
  return {
    eventTypes: decider.eventTypes,
    initialState: decider.initialState,
    evolve: decider.evolve,
    decide: (commands, state) => {
      const events: Event[] = [];
      let current = state;
      for (const command of commands) {
        const decision = decider.decide(command, current);
        if (E.isLeft(decision)) return decision;
        events.push(...decision.right);
        current = decision.right.reduce(decider.evolve, current);
      }
      return E.right(events);
    },
  };
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
  /** The stream's head after the append: with `state`, what a caller passes back as `known` for its next command. */
  readonly head: StreamHead;
}

/** A stream's state as a caller last saw it, e.g. after its own previous append. */
export interface KnownAggregate<State> {
  readonly state: State;
  readonly head: StreamHead;
}

export interface DecideAndAppendOptions<State = unknown> {
  /** Attempts when a concurrent writer wins the stream or an inline write's precondition (default 5). */
  readonly attempts?: number;
  /** Inline-write preconditions contend on hot documents: a little jitter spreads the retries. */
  readonly jitterMs?: number;
  /**
   * Decide from this instead of reading the stream on the first attempt: a caller that appended the stream's
   * last events knows its state. If anyone appended since, the commit fails on the revision and the next attempt
   * reads the stream as usual, so a stale `known` costs a retry, never a wrong decision.
   */
  readonly known?: KnownAggregate<State>;
}

/** The event types of an aggregate's codec table, for its decider. */
export function eventTypesOf<Codecs extends Readonly<Record<string, unknown>>>(
  codecs: Codecs,
): ReadonlySet<keyof Codecs & string> {
  return new Set(Object.keys(codecs) as (keyof Codecs & string)[]);
}

/** Folds a stream into its aggregate's state (a typed read: an event of another aggregate is malformed). */
export async function loadAggregate<Event extends NewEvent, State>(
  store: EventStore,
  streamId: string,
  decider: Decider<never, Event, State>,
): Promise<{ state: State; head: StreamHead }> {
  const read = await store.readStreamOf<Event>(streamId, decider.eventTypes);
  // A recorded event is its decoded { type, data } plus metadata: the decider folds it as the event.
  const events: readonly Event[] = read.events as readonly NewEvent[] as readonly Event[];
  return { state: events.reduce(decider.evolve, decider.initialState), head: read.head };
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
  options: DecideAndAppendOptions<State> = {},
): Promise<DecideAndAppendResult<Event, State>> {
  const attempts = options.attempts ?? 5;
  const jitterMs = options.jitterMs ?? 0;
  for (let attempt = 1; ; attempt += 1) {
    const known = attempt === 1 ? options.known : undefined;
    const fromKnown = known !== undefined;
    const { state, head } = known ?? (await loadAggregate(store, stream.streamId, decider));
    const decided = await decideWith(state);
    const decision = decider.decide(decided.command, state);
    // Only a commit proves `known` current: a refusal or nothing decided from it is checked against the stream itself.
    if (fromKnown && (E.isLeft(decision) || decision.right.length === 0)) continue;
    if (E.isLeft(decision)) throw new DomainRefusal(decision.left);
    const events = decision.right;
    if (events.length === 0) return { before: state, state, events, revision: head.revision, head };
    const after = events.reduce(decider.evolve, state);
    const revision = head.revision + events.length;
    try {
      const appended = await store.append(stream.streamId, head.revision === 0 ? 'no_stream' : head, events, {
        tenantId: stream.tenantId,
        actor: actor.actor,
        assertedUserId: actor.assertedUserId,
        ...(actor.correlationId ? { correlationId: actor.correlationId } : {}),
        inlineWrites: decided.extraWrites?.(events, after, revision) ?? [],
      });
      return { before: state, state: after, events, revision, head: appended.head };
    } catch (error) {
      const raced = error instanceof WrongExpectedRevision || error instanceof InlineWriteConflict;
      if (!raced || attempt >= attempts) throw error;
      if (jitterMs > 0)
        await new Promise((resolve) => setTimeout(resolve, Math.random() * jitterMs * Math.min(attempt, 10)));
    }
  }
}
