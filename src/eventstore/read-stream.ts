import { FieldPath } from '@google-cloud/firestore';
import type { EventStoreContext } from './context';
import { decodeRecordedEvent } from './event-document';
import { GENESIS_HASH } from './hash-chain';
import { eventPath, eventsPath } from './layout';
import { streamHead, type RecordedEvent, type StreamHead } from './types';

const PAGE = 500;

export interface ReadStreamResult {
  readonly events: readonly RecordedEvent[];
  /** The last event read (or the one before `fromRevision`'s page when nothing was read); pass it to append. */
  readonly head: StreamHead;
}

/** Reads a stream in revision order from `fromRevision` (default 1), decoded and upcast. */
export async function readStream(ctx: EventStoreContext, streamId: string, fromRevision = 1): Promise<ReadStreamResult> {
  const collection = ctx.db.collection(eventsPath(streamId));
  const events: RecordedEvent[] = [];
  let cursor = ctx.db.doc(eventPath(streamId, Math.max(1, fromRevision)));
  let inclusive = true;
  for (;;) {
    const base = collection.orderBy(FieldPath.documentId());
    const page = await (inclusive ? base.startAt(cursor) : base.startAfter(cursor)).limit(PAGE).get();
    for (const doc of page.docs) events.push(decodeRecordedEvent(doc, ctx.registry));
    const last = page.docs[page.docs.length - 1];
    if (!last || page.size < PAGE) break;
    cursor = last.ref;
    inclusive = false;
  }
  const last = events[events.length - 1];
  return { events, head: last ? streamHead(last.revision, last.hash) : await headBefore(ctx, streamId, fromRevision) };
}

async function headBefore(ctx: EventStoreContext, streamId: string, fromRevision: number): Promise<StreamHead> {
  if (fromRevision <= 1) return streamHead(0, GENESIS_HASH);
  const previous = await ctx.db.doc(eventPath(streamId, fromRevision - 1)).get();
  return previous.exists ? streamHead(fromRevision - 1, previous.get('hash') as string) : streamHead(0, GENESIS_HASH);
}
