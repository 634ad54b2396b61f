import type { EventStoreContext } from './context';
import { eventsPath } from './layout';

/** The stream's last revision and hash (revision 0 and no hash when it does not exist). */
export async function lastRevision(
  ctx: EventStoreContext,
  streamId: string,
): Promise<{ revision: number; hash?: string }> {
  // Firestore scans document keys ascending only; the `revision` field's single-field index serves the descending read.
  const last = await ctx.db.collection(eventsPath(streamId)).orderBy('revision', 'desc').limit(1).get();
  const doc = last.docs[0];
  if (!doc) return { revision: 0 };
  return { revision: Number(doc.get('revision')), hash: doc.get('hash') as string | undefined };
}
