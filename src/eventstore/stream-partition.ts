import type { QueryDocumentSnapshot, Timestamp } from '@google-cloud/firestore';
import type { EventStoreContext } from './context';
import { MalformedEvent } from './errors';
import { decodeRecordedEvent } from './event-document';
import { partitionQuery } from './partition-query';
import type { Position, RecordedEvent } from './types';

export interface StreamPartitionOptions {
  /** Read strictly after this position (a checkpoint); from the start when absent. */
  readonly after?: Position;
  /** At most this many documents in this one query (the caller queries again from where it got to). */
  readonly limit: number;
  readonly settleMs?: number;
}

export type PartitionEntry =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  /** A document of the partition that did not decode, in its place in the order. */
  | { readonly kind: 'malformed'; readonly position: Position; readonly error: MalformedEvent };

export interface PartitionStream {
  /** Commit times after this were not read, even if visible: they may still have slower neighbours. */
  readonly watermark: Timestamp;
  readonly entries: AsyncIterable<PartitionEntry>;
}

/**
 * A partition (see partitionQuery for the order and the watermark) as ONE streamed query:
 * documents arrive as the caller consumes them, so memory stays flat however many the query matches. Each
 * query costs in proportion to the whole log on the emulator, so a long catch-up (a replay) reads large
 * ranges per query rather than many small pages.
 */
export function streamPartition(
  ctx: EventStoreContext,
  partition: number,
  options: StreamPartitionOptions,
): PartitionStream {
  const { query, watermark } = partitionQuery(ctx, partition, options.after, options.settleMs);
  const limited = query.limit(options.limit);
  async function* entries(): AsyncGenerator<PartitionEntry> {
    for await (const chunk of limited.stream()) {
      // Query.stream() yields document snapshots (typed as a generic Readable).
      const doc = chunk as unknown as QueryDocumentSnapshot;
      try {
        yield { kind: 'event', event: decodeRecordedEvent(doc, ctx.registry) };
      } catch (error) {
        if (!(error instanceof MalformedEvent)) throw error;
        const recordedAt = doc.get('recordedAt') as Timestamp;
        yield {
          kind: 'malformed',
          position: { seconds: recordedAt.seconds, nanoseconds: recordedAt.nanoseconds, path: doc.ref.path },
          error,
        };
      }
    }
  }
  return { watermark, entries: entries() };
}
