import { decodeReplayRecord, type ReplayRecord } from '../../projections/replay/replay-record';
import type { ServiceContext } from '../service-context';

/** The most recent replays first. */
export async function listReplays(ctx: ServiceContext, limit = 20): Promise<readonly ReplayRecord[]> {
  const page = await ctx.db.collection('replays').orderBy('startedAt', 'desc').limit(limit).get();
  return page.docs.map(decodeReplayRecord);
}
