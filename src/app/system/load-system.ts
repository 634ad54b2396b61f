import { SYSTEM_STREAM_ID } from '../../domain/streams';
import { evolveSystem, initialSystemState, type SystemEvent, type SystemState } from '../../domain/system/system';
import type { EventStore, StreamHead } from '../../eventstore';

export async function loadSystem(store: EventStore): Promise<{ state: SystemState; head: StreamHead }> {
  const read = await store.readStream(SYSTEM_STREAM_ID);
  return { state: (read.events as unknown as readonly SystemEvent[]).reduce(evolveSystem, initialSystemState), head: read.head };
}
