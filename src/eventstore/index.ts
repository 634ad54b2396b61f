export { createEventStore, type EventStore, type EventStoreConfig } from './event-store';
export { createEventRegistry, type EventRegistry, type EventSchema } from './event-registry';
export { StreamsAlreadyExist, type NewStream } from './create-streams';
export {
  InlineWriteConflict,
  InvalidAppend,
  MalformedEvent,
  WrongExpectedRevision,
  type EventStoreError,
  type EventStoreErrorCode,
} from './errors';
export { GENESIS_HASH } from './hash-chain';
export { comparePositions, decodePosition, encodePosition } from './position';
export type { PartitionPage, ReadPartitionOptions } from './read-partition';
export type { ReadStreamResult } from './read-stream';
export type { RecordedOf, TypedReadStreamResult } from './read-stream-of';
export type { PartitionEntry, PartitionStream, StreamPartitionOptions } from './stream-partition';
export type { ReadTenantRange } from './read-tenant';
export type {
  AppendOptions,
  AppendResult,
  EventMeta,
  ExpectedRevision,
  InlineWrite,
  NewEvent,
  Position,
  RecordedEvent,
  StreamHead,
} from './types';
export type { BrokenLinkReason, StreamVerification } from './verify-stream';
