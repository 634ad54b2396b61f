import { FieldPath, Timestamp, type Query } from '@google-cloud/firestore';
import type { EventStoreContext } from './context';
import { EVENTS } from './layout';
import type { Position } from './types';

/**
 * A partition in (recordedAt, document path) order after `after`, bounded by the settle watermark: commits
 * become visible out of timestamp order, so a reader that runs up to "now" would skip a slow one for good.
 */
export function partitionQuery(
  ctx: EventStoreContext,
  partition: number,
  after: Position | undefined,
  settleMs: number | undefined,
): { readonly query: Query; readonly watermark: Timestamp } {
  if (!Number.isInteger(partition) || partition < 0 || partition >= ctx.partitions) {
    throw new RangeError(`partition must be in [0, ${ctx.partitions}), got ${partition}`);
  }
  const watermark = Timestamp.fromMillis(ctx.now().getTime() - (settleMs ?? ctx.settleMs));
  const query = ctx.db
    .collectionGroup(EVENTS)
    .where('partition', '==', partition)
    .where('recordedAt', '<=', watermark)
    .orderBy('recordedAt')
    .orderBy(FieldPath.documentId());
  return {
    query: after ? query.startAfter(new Timestamp(after.seconds, after.nanoseconds), ctx.db.doc(after.path)) : query,
    watermark,
  };
}
