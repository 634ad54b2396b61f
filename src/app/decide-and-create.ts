import * as E from 'fp-ts/Either';
import type { EventStore, NewEvent } from '../eventstore';
import type { Decided, Decider } from './decide-and-append';
import { DomainRefusal } from './domain-refusal';
import type { Actor } from './service-context';
import { createStreamAlone, type StreamCreationBatcher } from './stream-creation-batcher';

export interface DecideAndCreateResult<Event, State> {
  /** `exists`: the stream was there already, so these facts were recorded before; nothing was written. */
  readonly outcome: 'created' | 'exists';
  /** What was decided from the initial state (appended only when `created`). */
  readonly events: readonly Event[];
  readonly state: State;
}

/**
 * The write side's second mechanism, for streams that must not exist yet because their id derives from their
 * facts (a scheduled run's fire time, a key's minute of use): decide on the initial state and create the stream
 * `noStream` with its inline writes, without reading it first. Given a batcher, the creation joins the group
 * commit of the other new streams of the pass. A stream that already exists is the same facts recorded before
 * (a repeated tick): `exists`, never an error. A refusal is a DomainRefusal, as in decideAndAppend.
 */
export async function decideAndCreate<Command, Event extends NewEvent, State>(
  store: EventStore,
  stream: { readonly streamId: string; readonly tenantId: string },
  decider: Decider<Command, Event, State>,
  decided: Decided<Command, Event, State>,
  actor: Actor,
  batcher?: StreamCreationBatcher,
): Promise<DecideAndCreateResult<Event, State>> {
  const decision = decider.decide(decided.command, decider.initialState);
  if (E.isLeft(decision)) throw new DomainRefusal(decision.left);
  const events = decision.right;
  const state = events.reduce(decider.evolve, decider.initialState);
  if (events.length === 0) return { outcome: 'exists', events, state };
  const creation = {
    streamId: stream.streamId,
    events,
    options: {
      tenantId: stream.tenantId,
      actor: actor.actor,
      assertedUserId: actor.assertedUserId,
      ...(actor.correlationId ? { correlationId: actor.correlationId } : {}),
      inlineWrites: decided.extraWrites?.(events, state, events.length) ?? [],
    },
  };
  const outcome = await (batcher ? batcher.create(creation) : createStreamAlone(store, creation));
  return { outcome, events, state };
}
