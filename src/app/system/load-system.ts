import { SYSTEM_STREAM_ID } from '../../domain/streams';
import {
  decideSystem,
  evolveSystem,
  initialSystemState,
  type SystemCommand,
  type SystemEvent,
  type SystemState,
  systemEventCodecs,
} from '../../domain/system/system';
import type { EventStore, StreamHead } from '../../eventstore';
import { eventTypesOf, loadAggregate, type Decider } from '../decide-and-append';

export const systemDecider: Decider<SystemCommand, SystemEvent, SystemState> = {
  eventTypes: eventTypesOf(systemEventCodecs),
  decide: decideSystem,
  evolve: evolveSystem,
  initialState: initialSystemState,
};

export function loadSystem(store: EventStore): Promise<{ state: SystemState; head: StreamHead }> {
  return loadAggregate(store, SYSTEM_STREAM_ID, systemDecider);
}
