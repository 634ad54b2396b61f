import { shadowSet } from '../../projections/projection-set';
import { firestoreReplayRecords, type ReplayRecord } from '../../projections/replay/replay-record';
import { runReplay } from '../../projections/replay/run-replay';
import type { Actor, ServiceContext } from '../service-context';
import { InvalidReplayId, ReplayRunning } from './replay-errors';
import { replayDependenciesOf } from './replay-dependencies-of';

export interface StartReplayInput {
  readonly replayId?: string;
  readonly verify: boolean;
  readonly promote: boolean;
}

/** A record not updated for this long belongs to a replay whose process died: it may be started again. */
const ABANDONED_AFTER_MS = 60_000;
const ACTIVE = new Set(['running', 'verifying', 'promoting']);

/** Default ids sort by start time: `r20261127t083000z`. */
export const defaultReplayId = (now: Date): string =>
  `r${now.toISOString().slice(0, 19).replace(/[-:]/g, '').toLowerCase()}z`;

/**
 * Starts a replay in the background of this instance and answers at once; its record reports progress.
 * Starting an id that is still running is refused; a finished or abandoned one is resumed (its shadow
 * checkpoints make that cheap).
 */
export async function startReplay(
  ctx: ServiceContext,
  input: StartReplayInput,
  actor: Actor,
): Promise<{ readonly replayId: string; readonly done: Promise<ReplayRecord> }> {
  const replayId = input.replayId ?? defaultReplayId(ctx.now());
  try {
    shadowSet(replayId);
  } catch {
    throw new InvalidReplayId(replayId);
  }
  if (ctx.projections.replays.isRunning(replayId)) throw new ReplayRunning(replayId);
  const record = await firestoreReplayRecords(ctx.db).get(replayId);
  if (record) {
    // Replay records are stamped on real time (their rates and ETA are), so staleness is judged on it too.
    if (ACTIVE.has(record.status) && Date.now() - Date.parse(record.updatedAt) < ABANDONED_AFTER_MS)
      throw new ReplayRunning(replayId);
  }
  const done = ctx.projections.replays.start(replayId, () =>
    runReplay(replayDependenciesOf(ctx), {
      replayId,
      verify: input.verify,
      promote: input.promote,
      requestedBy: actor.actor,
    }),
  );
  return { replayId, done };
}
