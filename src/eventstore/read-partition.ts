import { FieldPath, Timestamp } from '@google-cloud/firestore';
import type { EventStoreContext } from './context';
import { decodeRecordedEvent } from './event-document';
import { EVENTS } from './layout';
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

/**
 * One page of a partition in (recordedAt, document path) order, bounded by the settle watermark: commits
 * become visible out of timestamp order, so a reader that runs up to "now" would skip a slow one for good.
 */
export async function readPartition(ctx: EventStoreContext, partition: number, options: ReadPartitionOptions): Promise<PartitionPage> {
  if (!Number.isInteger(partition) || partition < 0 || partition >= ctx.partitions) {
    throw new RangeError(`partition must be in [0, ${ctx.partitions}), got ${partition}`);
  }
  const watermark = Timestamp.fromMillis(ctx.now().getTime() - (options.settleMs ?? ctx.settleMs));
  let query = ctx.db
    .collectionGroup(EVENTS)
    .where('partition', '==', partition)
    .where('recordedAt', '<=', watermark)
    .orderBy('recordedAt')
    .orderBy(FieldPath.documentId());
  if (options.after) {
    query = query.startAfter(new Timestamp(options.after.seconds, options.after.nanoseconds), ctx.db.doc(options.after.path));
  }
  const page = await query.limit(options.limit).get();
  const events = page.docs.map((doc) => decodeRecordedEvent(doc, ctx.registry));
  return { events, position: events[events.length - 1]?.position ?? options.after, watermark };
}
