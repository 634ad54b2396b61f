import { firestoreReplayRecords, type ReplayRecord } from '../../projections/replay/replay-record';
import type { ServiceContext } from '../service-context';
import { ReplayNotFound } from './replay-errors';

export async function getReplay(ctx: ServiceContext, replayId: string): Promise<ReplayRecord> {
  if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(replayId)) throw new ReplayNotFound(replayId.slice(0, 80));
  const record = await firestoreReplayRecords(ctx.db).get(replayId);
  if (!record) throw new ReplayNotFound(replayId);
  return record;
}
