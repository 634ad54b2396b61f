import type { Firestore } from '@google-cloud/firestore';
import * as t from 'io-ts';
import { createEventRegistry, createEventStore, type EventSchema, type EventStore } from '../../src/eventstore';

export const CounterIncremented: EventSchema<'CounterIncremented', { by: number }> = {
  type: 'CounterIncremented',
  schemaVersion: 1,
  codec: t.type({ by: t.number }),
};

/** Version 2 renamed `note` to `text`; stored version-1 events are upcast on read. */
export const NoteAddedV2: EventSchema<'NoteAdded', { text: string }> = {
  type: 'NoteAdded',
  schemaVersion: 2,
  codec: t.type({ text: t.string }),
  upcasters: { 1: (data) => ({ text: (data as { note: string }).note }) },
};

export const NoteAddedV1: EventSchema<'NoteAdded', { note: string }> = {
  type: 'NoteAdded',
  schemaVersion: 1,
  codec: t.type({ note: t.string }),
};

export const testRegistry = createEventRegistry([CounterIncremented as EventSchema, NoteAddedV2 as EventSchema]);

export function testEventStore(
  db: Firestore,
  overrides: Partial<Parameters<typeof createEventStore>[0]> = {},
): EventStore {
  return createEventStore({ db, registry: testRegistry, partitions: 4, settleMs: 0, ...overrides });
}

export const increment = (by: number) => ({ type: 'CounterIncremented', data: { by } }) as const;

let counter = 0;
/** Unique stream ids within a test file (the database is cleared per file, not per test). */
export function uniqueStream(prefix = 'counter'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}
