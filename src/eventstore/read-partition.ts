import { FieldPath, Timestamp } from '@google-cloud/firestore';
import type { EventStoreContext } from './context';
import { MalformedEvent } from './errors';
import { decodeRecordedEvent } from './event-document';
import { EVENTS } from './layout';
import type { Position, RecordedEvent } from './types';

export interface ReadPartitionOptions {
  /** Read strictly after this position (a checkpoint); from the start when absent. */
  readonly after?: Position;
  readonly limit: number;
  /** Overrides the store's settle for this read (e.g. 0 once all writers are known to be done). */
  readonly settleMs?: number;
  /**
   * Return events that fail to decode in `malformed` (in their place in the order) instead of failing the
   * whole page: a projector sets them aside rather than stalling its partition on one bad document.
   */
  readonly tolerateMalformed?: boolean;
}

/** An event document of the partition that did not decode, with its place in the partition's order. */
export interface MalformedEntry {
  readonly position: Position;
  readonly error: MalformedEvent;
}

export interface PartitionPage {
  readonly events: readonly RecordedEvent[];
  /** Only with `tolerateMalformed`: documents that did not decode, by position (events after the first one are still returned). */
  readonly malformed: readonly MalformedEntry[];
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
  const events: RecordedEvent[] = [];
  const malformed: MalformedEntry[] = [];
  for (const doc of page.docs) {
    try {
      events.push(decodeRecordedEvent(doc, ctx.registry));
    } catch (error) {
      if (!options.tolerateMalformed || !(error instanceof MalformedEvent)) throw error;
      const recordedAt = doc.get('recordedAt') as Timestamp;
      malformed.push({ position: { seconds: recordedAt.seconds, nanoseconds: recordedAt.nanoseconds, path: doc.ref.path }, error });
    }
  }
  const lastDoc = page.docs[page.docs.length - 1];
  const lastAt = lastDoc?.get('recordedAt') as Timestamp | undefined;
  const position = lastDoc && lastAt ? { seconds: lastAt.seconds, nanoseconds: lastAt.nanoseconds, path: lastDoc.ref.path } : options.after;
  return { events, malformed, position, watermark };
}
