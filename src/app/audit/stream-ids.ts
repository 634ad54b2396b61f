import { FieldPath, type DocumentReference, type Firestore, type Timestamp } from '@google-cloud/firestore';
import { EVENTS, eventPath, MAX_REVISION, revisionId, STREAMS } from '../../eventstore/layout';

const PAGE = 500;
const LAST_REVISION_ID = revisionId(MAX_REVISION);

/** The stream of an event document (`streams/{streamId}/events/{revision}`); undefined for any other `events` collection. */
function streamOf(ref: DocumentReference): string | undefined {
  const segments = ref.path.split('/');
  return segments.length === 4 && segments[0] === STREAMS && segments[2] === EVENTS ? segments[1] : undefined;
}

/**
 * Every stream that holds at least one event document, in name order, found from the document names alone
 * (keys-only reads, no index beyond the built-in one on `__name__`): a stream whose first event was deleted,
 * or whose fields were rewritten, is still found — and then fails its verification. After each page the scan
 * jumps past the rest of the page's last stream, so a long stream costs one read, not one per event.
 */
export async function* allStreamIds(db: Firestore, pageSize = PAGE): AsyncGenerator<string> {
  let cursor: DocumentReference | undefined;
  let previous: string | undefined;
  for (;;) {
    const query = db.collectionGroup(EVENTS).orderBy(FieldPath.documentId()).select();
    const page = await (cursor ? query.startAfter(cursor) : query).limit(pageSize).get();
    for (const doc of page.docs) {
      const streamId = streamOf(doc.ref);
      if (streamId === undefined || streamId === previous) continue;
      previous = streamId;
      yield streamId;
    }
    const last = page.docs.at(-1);
    if (!last || page.size < pageSize) return;
    const lastStream = streamOf(last.ref);
    // A document id past the last revision id (not one append writes) is stepped over one page at a time.
    cursor =
      lastStream !== undefined && last.id < LAST_REVISION_ID ? db.doc(eventPath(lastStream, MAX_REVISION)) : last.ref;
  }
}

/**
 * The streams holding a tenant's events (`tenant-…`, its runs, its usage months), from a keys-and-commit-time
 * read on the audit index `(tenantId, recordedAt, __name__)`.
 */
export async function* tenantStreamIds(db: Firestore, tenantId: string, pageSize = PAGE): AsyncGenerator<string> {
  const seen = new Set<string>();
  const query = db
    .collectionGroup(EVENTS)
    .where('tenantId', '==', tenantId)
    .orderBy('recordedAt')
    .orderBy(FieldPath.documentId())
    .select('recordedAt');
  let cursor: [Timestamp, DocumentReference] | undefined;
  for (;;) {
    const page = await (cursor ? query.startAfter(...cursor) : query).limit(pageSize).get();
    for (const doc of page.docs) {
      const streamId = streamOf(doc.ref);
      if (streamId === undefined || seen.has(streamId)) continue;
      seen.add(streamId);
      yield streamId;
    }
    const last = page.docs.at(-1);
    if (!last || page.size < pageSize) return;
    cursor = [last.get('recordedAt') as Timestamp, last.ref];
  }
}
