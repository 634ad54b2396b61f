import { shadowSet, type ProjectionSet } from '../projection-set';
import { createProjector } from '../runtime/projector';
import type { ReplayDependencies } from './replay-dependencies';

export interface RebuildProgress {
  readonly totalEvents: number;
  readonly projectedEvents: number;
  readonly eventsPerSecond: number;
  readonly etaSeconds: number | null;
}

export interface RebuildOptions {
  readonly replayId: string;
  /** Partitions rebuilt at once. */
  readonly concurrency?: number;
  readonly batchSize?: number;
  /** Documents per partition query; large, because each query costs in proportion to the whole log on the emulator. */
  readonly readLimit?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
}

export interface RebuildResult {
  readonly set: ProjectionSet;
  readonly projectedEvents: number;
  readonly deadLetters: number;
}

/** A shadow catch-up that keeps failing for reasons other than events (warehouse down) gives up after this. */
const MAX_ROUNDS = 5;

/**
 * Rebuilds every projection from revision 1 into the replay's shadow dataset: fresh tables, its own
 * checkpoints, partitions in parallel. Re-running with the same id resumes from the shadow's checkpoints.
 */
export async function rebuildShadow(deps: ReplayDependencies, options: RebuildOptions): Promise<RebuildResult> {
  const set = shadowSet(options.replayId);
  const now = deps.now ?? (() => new Date());
  await deps.warehouse.ensureDataset(set.dataset, {
    description: `Convergence replay ${options.replayId}: rebuilt projections`,
    labels: { app: 'convergence', replay: options.replayId },
  });
  for (const table of deps.tables) await deps.warehouse.ensureTable(set.dataset, table);

  const totalEvents = (await deps.db.collectionGroup('events').count().get()).data().count;
  const started = now().getTime();
  let projectedEvents = 0;
  const report = () => {
    const seconds = Math.max((now().getTime() - started) / 1000, 0.001);
    const rate = projectedEvents / seconds;
    const remaining = Math.max(totalEvents - projectedEvents, 0);
    options.onProgress?.({
      totalEvents,
      projectedEvents,
      eventsPerSecond: Math.round(rate),
      etaSeconds: rate > 0 ? Math.round(remaining / rate) : null,
    });
  };
  const projector = createProjector({
    db: deps.db,
    store: deps.store,
    warehouse: deps.warehouse,
    projections: deps.projections,
    set,
    owner: `replay-${options.replayId}-${process.pid}`,
    logger: deps.logger,
    now,
    batchSize: options.batchSize ?? 5_000,
    readLimit: options.readLimit ?? 250_000,
    concurrency: options.concurrency ?? 4,
    afterBatchMerged: (_partition, events) => {
      projectedEvents += events.length;
      report();
    },
  });
  report();
  for (let round = 1; ; round += 1) {
    const outcomes = await projector.catchUpAll();
    const unfinished = outcomes.filter((outcome) => outcome.status !== 'done');
    if (unfinished.length === 0) break;
    if (round >= MAX_ROUNDS) {
      const first = unfinished[0]!;
      throw new Error(
        `replay ${options.replayId}: partition ${first.partition} did not finish after ${MAX_ROUNDS} rounds (${first.status}${'error' in first && first.error ? `: ${first.error}` : ''})`,
      );
    }
  }
  report();
  const health = await projector.health();
  return { set, projectedEvents, deadLetters: health.deadLetters };
}
