import { firestoreReplayRecords, type ReplayRecord } from '../../projections/replay/replay-record';
import type { ServiceContext } from '../service-context';

/** The most recent replays first. */
export function listReplays(ctx: ServiceContext, limit = 20): Promise<readonly ReplayRecord[]> {
  return firestoreReplayRecords(ctx.db).recent(limit);
}
