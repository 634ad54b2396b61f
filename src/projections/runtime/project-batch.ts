import type { RecordedEvent } from '../../eventstore';
import type { Row, TableDefinition, Warehouse } from '../../warehouse/warehouse';
import type { DerivedSource, Projection } from '../projection';
import { planBatch } from './plan-batch';
import { sliceByStream, type StreamPrefixCache } from './stream-prefixes';

export interface BatchTarget {
  readonly warehouse: Warehouse;
  readonly dataset: string;
  readonly projections: readonly Projection[];
  readonly readStream: (streamId: string) => Promise<readonly RecordedEvent[]>;
  readonly cache: StreamPrefixCache;
  /** Per statement (explicit: a stuck job must not hold the partition's lease forever). */
  readonly timeoutMs: number;
}

export interface BatchOutcome {
  readonly events: number;
  /** Rows merged per table (before the warehouse's version guard). */
  readonly rows: Readonly<Record<string, number>>;
}

/**
 * Applies a batch of one partition's events: rows of the stream projections, ONE merge per table, then the
 * derived projections recomputed for the keys the batch touched, one merge each. Idempotent: the same batch
 * again, in any order or with repeats, merges the same rows, which the version guard makes no-ops.
 */
export async function projectBatch(batch: readonly RecordedEvent[], target: BatchTarget): Promise<BatchOutcome> {
  const slices = sliceByStream(batch);
  const prefixes = new Map<string, readonly RecordedEvent[]>();
  await Promise.all(
    slices.map(async (slice) => {
      const prefix =
        target.cache.prefixOf(slice) ??
        (await target.readStream(slice.streamId)).filter((event) => event.revision <= slice.lastRevision);
      prefixes.set(slice.streamId, prefix);
    }),
  );
  const plan = planBatch(target.projections, slices, prefixes);
  const rows: Record<string, number> = {};
  // Different tables may merge at once; each table gets exactly one statement per batch.
  await Promise.all(
    plan.streamRows.map(async ({ table, rows: tableRows }) => {
      await merge(target, table, tableRows);
      rows[table.name] = tableRows.length;
    }),
  );
  const source: DerivedSource = {
    dataset: target.dataset,
    query: async (sql, params, types) =>
      (await target.warehouse.runQuery(sql, { params, types, timeoutMs: target.timeoutMs })).rows,
    readStream: target.readStream,
  };
  for (const [projection, keys] of plan.derivedKeys) {
    const derived = await projection.compute(keys, source);
    // Recomputed from the projected state as it is now, so always current: no version guard to hold it back.
    if (derived.length > 0)
      await target.warehouse.mergeRows(target.dataset, { ...projection.table, versionColumn: undefined }, derived, {
        timeoutMs: target.timeoutMs,
      });
    rows[projection.table.name] = derived.length;
  }
  for (const [streamId, prefix] of prefixes) target.cache.remember(streamId, prefix);
  return { events: batch.length, rows };
}

async function merge(target: BatchTarget, table: TableDefinition, rows: readonly Row[]): Promise<void> {
  // No job id named by content: a job that failed once (a dropped connection) would be "attached to" and fail
  // again on every retry. The version guard makes a repeated merge a no-op anyway.
  await target.warehouse.mergeRows(target.dataset, table, rows, { timeoutMs: target.timeoutMs });
}
