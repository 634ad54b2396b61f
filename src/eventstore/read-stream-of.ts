import type { EventStoreContext } from './context';
import { MalformedEvent } from './errors';
import { readStream } from './read-stream';
import type { NewEvent, RecordedEvent, StreamHead } from './types';

/** A recorded event of one type of the union `Event`, its data typed as that type's codec decoded it. */
export type RecordedOf<Event extends NewEvent> = Event extends NewEvent
  ? RecordedEvent<Event['type'], Event['data']>
  : never;

export interface TypedReadStreamResult<Event extends NewEvent> {
  readonly events: readonly RecordedOf<Event>[];
  readonly head: StreamHead;
}

/**
 * Reads a stream whose events all belong to one union (an aggregate's), typed: every event's data was decoded by
 * its type's codec (the registry), and an event of a type outside `types` is a MalformedEvent, not a cast.
 */
export async function readStreamOf<Event extends NewEvent>(
  ctx: EventStoreContext,
  streamId: string,
  types: ReadonlySet<Event['type']>,
  fromRevision = 1,
): Promise<TypedReadStreamResult<Event>> {
  const read = await readStream(ctx, streamId, fromRevision);
  const foreign = read.events.find((event) => !types.has(event.type));
  if (foreign)
    throw new MalformedEvent(streamId, foreign.revision, [
      `type: "${foreign.type}" does not belong in this stream (expected one of ${[...types].join(', ')})`,
    ]);
  // Sound: each type is in the union and its data passed that type's codec on read.
  return read as TypedReadStreamResult<Event>;
}
