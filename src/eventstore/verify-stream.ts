import { FieldPath, type QueryDocumentSnapshot } from '@google-cloud/firestore';
import type { EventStoreContext } from './context';
import { decodeStoredEvent } from './event-document';
import { eventHash, GENESIS_HASH } from './hash-chain';
import { eventsPath, revisionId } from './layout';

export type BrokenLinkReason = 'malformed' | 'revision_gap' | 'wrong_stream' | 'prev_hash_mismatch' | 'hash_mismatch';

export type StreamVerification =
  | { readonly streamId: string; readonly ok: true; readonly events: number }
  | {
      readonly streamId: string;
      readonly ok: false;
      readonly events: number;
      /** The first broken link: everything before it is proven unchanged. */
      readonly brokenAt: {
        readonly revision: number;
        readonly path: string;
        readonly reason: BrokenLinkReason;
        readonly detail: string;
      };
    };

const PAGE = 500;

/** Walks a stream's hash chain from revision 1 and reports the first event that does not prove its place. */
export async function verifyStream(ctx: EventStoreContext, streamId: string): Promise<StreamVerification> {
  const collection = ctx.db.collection(eventsPath(streamId));
  let expectedRevision = 1;
  let prevHash = GENESIS_HASH;
  let lastDoc: QueryDocumentSnapshot | undefined;
  for (;;) {
    const base = collection.orderBy(FieldPath.documentId());
    const page = await (lastDoc ? base.startAfter(lastDoc) : base).limit(PAGE).get();
    for (const doc of page.docs) {
      const broken = (reason: BrokenLinkReason, detail: string): StreamVerification => ({
        streamId,
        ok: false,
        events: expectedRevision - 1,
        brokenAt: { revision: expectedRevision, path: doc.ref.path, reason, detail },
      });
      if (doc.id !== revisionId(expectedRevision))
        return broken('revision_gap', `expected document ${revisionId(expectedRevision)}, found ${doc.id}`);
      const decoded = decodeStoredEvent(doc);
      if (decoded._tag === 'Left') return broken('malformed', decoded.left.problems.join('; '));
      const event = decoded.right;
      if (event.revision !== expectedRevision)
        return broken('revision_gap', `revision field ${event.revision} in document ${doc.id}`);
      if (event.streamId !== streamId) return broken('wrong_stream', `streamId field is ${event.streamId}`);
      if (event.prevHash !== prevHash)
        return broken('prev_hash_mismatch', 'prevHash does not match the previous event');
      if (eventHash(event) !== event.hash) return broken('hash_mismatch', 'content does not match its hash');
      prevHash = event.hash;
      expectedRevision += 1;
    }
    lastDoc = page.docs[page.docs.length - 1];
    if (!lastDoc || page.size < PAGE) return { streamId, ok: true, events: expectedRevision - 1 };
  }
}
