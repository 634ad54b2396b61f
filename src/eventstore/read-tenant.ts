import { FieldPath, Timestamp, type DocumentReference } from '@google-cloud/firestore';
import type { EventStoreContext } from './context';
import { decodeRecordedEvent } from './event-document';
import { EVENTS } from './layout';
import type { RecordedEvent } from './types';

const PAGE = 500;

export interface ReadTenantRange {
  /** Inclusive lower bound on commit time. */
  readonly from?: Date;
  /** Inclusive upper bound on commit time (an audit "as of"). */
  readonly to?: Date;
}

/** Every event of one tenant, across its streams, in commit order; paged lazily so memory stays flat. */
export async function* readTenant(
  ctx: EventStoreContext,
  tenantId: string,
  range: ReadTenantRange = {},
): AsyncGenerator<RecordedEvent> {
  let query = ctx.db.collectionGroup(EVENTS).where('tenantId', '==', tenantId);
  if (range.from) query = query.where('recordedAt', '>=', Timestamp.fromDate(range.from));
  if (range.to) query = query.where('recordedAt', '<=', Timestamp.fromDate(range.to));
  query = query.orderBy('recordedAt').orderBy(FieldPath.documentId());
  let cursor: [Timestamp, DocumentReference] | undefined;
  for (;;) {
    const page = await (cursor ? query.startAfter(...cursor) : query).limit(PAGE).get();
    for (const doc of page.docs) yield decodeRecordedEvent(doc, ctx.registry);
    const last = page.docs[page.docs.length - 1];
    if (!last || page.size < PAGE) return;
    cursor = [last.get('recordedAt') as Timestamp, last.ref];
  }
}
