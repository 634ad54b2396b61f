import type { Firestore } from '@google-cloud/firestore';
import { append } from './append';
import { createStreams, type NewStream } from './create-streams';
import type { EventStoreContext } from './context';
import type { EventRegistry } from './event-registry';
import { readPartition, type PartitionPage, type ReadPartitionOptions } from './read-partition';
import { readStream, type ReadStreamResult } from './read-stream';
import { readStreamOf, type TypedReadStreamResult } from './read-stream-of';
import { readTenant, type ReadTenantRange } from './read-tenant';
import { streamPartition, type PartitionStream, type StreamPartitionOptions } from './stream-partition';
import type { AppendOptions, AppendResult, ExpectedRevision, NewEvent, RecordedEvent } from './types';
import { verifyStream, type StreamVerification } from './verify-stream';

export interface EventStoreConfig {
  readonly db: Firestore;
  readonly registry: EventRegistry;
  /** Partition count P, fixed at bootstrap (default 16). */
  readonly partitions?: number;
  /** Default settle for partition reads (default 1,000 ms, for clock skew in production). */
  readonly settleMs?: number;
  readonly now?: () => Date;
}

export interface EventStore {
  readonly partitions: number;
  append(
    streamId: string,
    expected: ExpectedRevision,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult>;
  /** New streams and their inline writes in one atomic commit; StreamsAlreadyExist when any existed. */
  createStreams(streams: readonly NewStream[]): Promise<void>;
  readStream(streamId: string, fromRevision?: number): Promise<ReadStreamResult>;
  /** A stream of one aggregate, typed and decoded: an event of another type is a MalformedEvent. */
  readStreamOf<Event extends NewEvent>(
    streamId: string,
    types: ReadonlySet<Event['type']>,
    fromRevision?: number,
  ): Promise<TypedReadStreamResult<Event>>;
  readPartition(partition: number, options: ReadPartitionOptions): Promise<PartitionPage>;
  streamPartition(partition: number, options: StreamPartitionOptions): PartitionStream;
  readTenant(tenantId: string, range?: ReadTenantRange): AsyncGenerator<RecordedEvent>;
  verifyStream(streamId: string): Promise<StreamVerification>;
}

/** The Firestore event store: each operation lives in its own module; this binds them to one context. */
export function createEventStore(config: EventStoreConfig): EventStore {
  const ctx: EventStoreContext = {
    db: config.db,
    registry: config.registry,
    partitions: config.partitions ?? 16,
    settleMs: config.settleMs ?? 1_000,
    now: config.now ?? (() => new Date()),
  };
  return {
    partitions: ctx.partitions,
    append: (streamId, expected, events, options) => append(ctx, streamId, expected, events, options),
    createStreams: (streams) => createStreams(ctx, streams),
    readStream: (streamId, fromRevision) => readStream(ctx, streamId, fromRevision),
    readStreamOf: (streamId, types, fromRevision) => readStreamOf(ctx, streamId, types, fromRevision),
    readPartition: (partition, options) => readPartition(ctx, partition, options),
    streamPartition: (partition, options) => streamPartition(ctx, partition, options),
    readTenant: (tenantId, range) => readTenant(ctx, tenantId, range),
    verifyStream: (streamId) => verifyStream(ctx, streamId),
  };
}
