import { redactText } from '../../security/redaction';
import { LIVE_SET, shadowSet } from '../projection-set';
import { createProjector } from '../runtime/projector';
import { compareSets } from './compare-sets';
import { promoteShadow } from './promote-shadow';
import { rebuildShadow, type RebuildProgress } from './rebuild-shadow';
import type { ReplayDependencies } from './replay-dependencies';
import { replayPath, type ReplayRecord } from './replay-record';

export interface ReplayRequest {
  readonly replayId: string;
  readonly verify: boolean;
  readonly promote: boolean;
  readonly concurrency?: number;
  readonly requestedBy: string;
  readonly onProgress?: (progress: RebuildProgress) => void;
}

const RECORD_EVERY_MS = 1_000;

/**
 * A whole replay: rebuild into the shadow set, then optionally verify it against the live tables (after
 * bringing both up to date) and promote it. Its record in `replays/{id}` follows every step, and ends
 * `succeeded`, `promoted` or `failed` with the error.
 */
export async function runReplay(deps: ReplayDependencies, request: ReplayRequest): Promise<ReplayRecord> {
  const now = deps.now ?? (() => new Date());
  const set = shadowSet(request.replayId);
  const ref = deps.db.doc(replayPath(request.replayId));
  let record: ReplayRecord = {
    replayId: request.replayId,
    dataset: set.dataset,
    status: 'running',
    startedAt: now().toISOString(),
    updatedAt: now().toISOString(),
    finishedAt: null,
    totalEvents: 0,
    projectedEvents: 0,
    eventsPerSecond: 0,
    etaSeconds: null,
    deadLetters: 0,
    verify: null,
    promotedAt: null,
    error: null,
    requestedBy: request.requestedBy,
  };
  let written = 0;
  const save = async (change: Partial<ReplayRecord>) => {
    record = { ...record, ...change, updatedAt: now().toISOString() };
    written = now().getTime();
    await ref.set(record);
  };
  await save({});
  try {
    const rebuilt = await rebuildShadow(deps, {
      replayId: request.replayId,
      concurrency: request.concurrency,
      onProgress: (progress) => {
        request.onProgress?.(progress);
        record = { ...record, ...progress };
        if (now().getTime() - written >= RECORD_EVERY_MS) void save({}).catch(() => undefined);
      },
    });
    await save({ deadLetters: rebuilt.deadLetters, etaSeconds: 0 });
    if (request.verify) {
      await save({ status: 'verifying' });
      // Both sides up to the same point of the log: the live projector first, then the shadow once more.
      await createProjector({
        db: deps.db,
        store: deps.store,
        warehouse: deps.warehouse,
        projections: deps.projections,
        set: LIVE_SET,
        owner: `verify-${request.replayId}-${process.pid}`,
        now,
      }).catchUpAll();
      await rebuildShadow(deps, { replayId: request.replayId, concurrency: request.concurrency });
      const tables = [...(await compareSets(deps.warehouse, deps.tables, LIVE_SET, set))];
      await save({ verify: { equal: tables.every((table) => table.equal), tables } });
    }
    if (request.promote) {
      await save({ status: 'promoting' });
      await promoteShadow(deps, set);
      await save({ status: 'promoted', promotedAt: now().toISOString(), finishedAt: now().toISOString() });
    } else {
      await save({ status: 'succeeded', finishedAt: now().toISOString() });
    }
  } catch (error) {
    await save({
      status: 'failed',
      finishedAt: now().toISOString(),
      error: redactText(error instanceof Error ? error.message : String(error)).slice(0, 2_000),
    });
  }
  return record;
}
