import type { Timestamp } from '@google-cloud/firestore';
import type { EventStoreContext } from './context';
import { decodeRecordedEvent } from './event-document';
import { partitionQuery } from './partition-query';
import type { Position, RecordedEvent } from './types';

export interface ReadPartitionOptions {
  /** Read strictly after this position (a checkpoint); from the start when absent. */
  readonly after?: Position;
  readonly limit: number;
  /** Overrides the store's settle for this read (e.g. 0 once all writers are known to be done). */
  readonly settleMs?: number;
}

export interface PartitionPage {
  readonly events: readonly RecordedEvent[];
  /** Where the next read continues from: the last event returned, or `after` when none. */
  readonly position: Position | undefined;
  /** Commit times after this were not read yet, even if visible: they may still have slower neighbours. */
  readonly watermark: Timestamp;
}

/** One page of a partition (see partitionQuery for the order and the watermark). */
export async function readPartition(
  ctx: EventStoreContext,
  partition: number,
  options: ReadPartitionOptions,
): Promise<PartitionPage> {
  const { query, watermark } = partitionQuery(ctx, partition, options.after, options.settleMs);
  const page = await query.limit(options.limit).get();
  const events = page.docs.map((doc) => decodeRecordedEvent(doc, ctx.registry));
  return { events, position: events[events.length - 1]?.position ?? options.after, watermark };
}
