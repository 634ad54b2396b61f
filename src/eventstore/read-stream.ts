import { FieldPath } from '@google-cloud/firestore';
import type { EventStoreContext } from './context';
import { decodeRecordedEvent } from './event-document';
import { GENESIS_HASH } from './hash-chain';
import { eventPath, eventsPath, MAX_REVISION } from './layout';
import { streamHead, type RecordedEvent, type StreamHead } from './types';

const PAGE = 500;

export interface ReadStreamResult {
  readonly events: readonly RecordedEvent[];
  /** The last event read (or the one before `fromRevision`'s page when nothing was read); pass it to append. */
  readonly head: StreamHead;
}

/**
 * Revisions fetched by document id (one batched get) before paging with queries. A run's stream is mostly shorter
 * (requested, queued, perhaps deferred and queued again), and on the emulator a query costs in proportion to the
 * whole database: 60 ms against 4 ms for a get of four documents at 30k documents, measured. On Firestore a
 * missing document in the get is billed as a read, so the window stays small.
 */
export const FIRST_WINDOW = 8;

/** Reads a stream in revision order from `fromRevision` (default 1), decoded and upcast. */
export async function readStream(
  ctx: EventStoreContext,
  streamId: string,
  fromRevision = 1,
): Promise<ReadStreamResult> {
  const start = Math.max(1, fromRevision);
  const window = Math.max(0, Math.min(FIRST_WINDOW, MAX_REVISION - start + 1));
  const snapshots =
    window > 0
      ? await ctx.db.getAll(...Array.from({ length: window }, (_, i) => ctx.db.doc(eventPath(streamId, start + i))))
      : [];
  const present = snapshots.findIndex((snapshot) => !snapshot.exists);
  const contiguous = present === -1 ? snapshots : snapshots.slice(0, present);
  // Revisions are created one after another in atomic commits; a document after a missing one is a damaged
  // stream, read as the query reads it so verification sees it as it is.
  if (present !== -1 && snapshots.slice(present).some((snapshot) => snapshot.exists))
    return readByQuery(ctx, streamId, start, []);
  const events = contiguous.map((snapshot) => decodeRecordedEvent(snapshot, ctx.registry));
  if (contiguous.length === window && window > 0) return readByQuery(ctx, streamId, start + window, events);
  return finish(ctx, streamId, start, events);
}

/** Pages through the rest of the stream from `fromRevision` with queries, after the `events` already read. */
async function readByQuery(
  ctx: EventStoreContext,
  streamId: string,
  fromRevision: number,
  events: RecordedEvent[],
): Promise<ReadStreamResult> {
  const collection = ctx.db.collection(eventsPath(streamId));
  let cursor = ctx.db.doc(eventPath(streamId, Math.min(fromRevision, MAX_REVISION)));
  let inclusive = fromRevision <= MAX_REVISION;
  for (;;) {
    const base = collection.orderBy(FieldPath.documentId());
    const page = await (inclusive ? base.startAt(cursor) : base.startAfter(cursor)).limit(PAGE).get();
    for (const doc of page.docs) events.push(decodeRecordedEvent(doc, ctx.registry));
    const last = page.docs[page.docs.length - 1];
    if (!last || page.size < PAGE) break;
    cursor = last.ref;
    inclusive = false;
  }
  return finish(ctx, streamId, fromRevision, events);
}

async function finish(
  ctx: EventStoreContext,
  streamId: string,
  fromRevision: number,
  events: readonly RecordedEvent[],
): Promise<ReadStreamResult> {
  const last = events[events.length - 1];
  return { events, head: last ? streamHead(last.revision, last.hash) : await headBefore(ctx, streamId, fromRevision) };
}

async function headBefore(ctx: EventStoreContext, streamId: string, fromRevision: number): Promise<StreamHead> {
  if (fromRevision <= 1) return streamHead(0, GENESIS_HASH);
  const previous = await ctx.db.doc(eventPath(streamId, fromRevision - 1)).get();
  return previous.exists ? streamHead(fromRevision - 1, previous.get('hash') as string) : streamHead(0, GENESIS_HASH);
}
