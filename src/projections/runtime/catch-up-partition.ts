import type { Firestore } from '@google-cloud/firestore';
import { decodePosition, encodePosition, type EventStore, type Position, type RecordedEvent } from '../../eventstore';
import { redactText } from '../../security/redaction';
import type { Warehouse } from '../../warehouse/warehouse';
import type { Projection } from '../projection';
import type { ProjectionSet } from '../projection-set';
import {
  acquireLease,
  advanceCheckpoint,
  PartitionLeaseLost,
  releaseLease,
  type LeaseClock,
  type PartitionLease,
} from './partition-lease';
import { projectBatch } from './project-batch';
import { StreamPrefixCache } from './stream-prefixes';
import { isTransient } from './transient';

export interface CatchUpDependencies {
  readonly db: Firestore;
  readonly store: EventStore;
  readonly warehouse: Warehouse;
  readonly projections: readonly Projection[];
  readonly set: ProjectionSet;
  /** This instance, as recorded in the lease. */
  readonly owner: string;
  readonly clock: LeaseClock;
  /** Events merged per batch (one merge per table each). */
  readonly batchSize: number;
  /** Documents one partition query may return (it is streamed): few large reads suit a long catch-up. */
  readonly readLimit: number;
  /** Attempts before a failing event is set aside in a dead letter. */
  readonly maxAttempts: number;
  /** Overrides the store's settle (e.g. 0 in a replay once writers are known to be done). */
  readonly settleMs?: number;
  readonly statementTimeoutMs: number;
  /** Called after each batch's merges, before its checkpoint: progress bars, and fault injection in tests. */
  readonly afterBatchMerged?: (partition: number, events: readonly RecordedEvent[]) => Promise<void> | void;
}

export type CatchUpOutcome =
  | { readonly partition: number; readonly status: 'busy' }
  | {
      readonly partition: number;
      readonly status: 'done' | 'stalled';
      readonly events: number;
      readonly deadLettered: number;
      readonly error?: string;
    };

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Brings one partition of a projection set up to the settle watermark (and, with `until`, until the
 * watermark has passed that instant: a doorbell's event is then surely read). Owns the partition through a
 * lease for the whole catch-up; each batch is merged, then the checkpoint advances by compare-and-set.
 */
export async function catchUpPartition(
  deps: CatchUpDependencies,
  partition: number,
  until?: Date,
): Promise<CatchUpOutcome> {
  let lease = await acquireLease(deps.db, deps.set, partition, deps.owner, deps.clock);
  if (!lease) return { partition, status: 'busy' };
  const cache = new StreamPrefixCache();
  const target = {
    warehouse: deps.warehouse,
    dataset: deps.set.dataset,
    projections: deps.projections,
    readStream: async (streamId: string) => (await deps.store.readStream(streamId)).events,
    cache,
    timeoutMs: deps.statementTimeoutMs,
  };
  let events = 0;
  let deadLettered = 0;
  const outcome = (status: 'done' | 'stalled', error?: string): CatchUpOutcome => ({
    partition,
    status,
    events,
    deadLettered,
    ...(error ? { error } : {}),
  });

  /** Counts a failure against the event; sets it aside once it failed maxAttempts times. */
  const blame = async (position: Position, event: RecordedEvent | undefined, error: unknown): Promise<boolean> => {
    const message = redactText(error instanceof Error ? error.message : String(error)).slice(0, 2_000);
    const current = lease!.checkpoint.failing;
    const attempts = current?.path === position.path ? current.attempts + 1 : 1;
    if (attempts < deps.maxAttempts) {
      lease = await advanceCheckpoint(
        deps.db,
        lease!,
        { failing: { path: position.path, attempts, error: message } },
        deps.clock,
      );
      return false;
    }
    const deadLetter = {
      path: position.path,
      eventId: event?.eventId ?? null,
      type: event?.type ?? null,
      error: message,
      attempts,
    };
    lease = await advanceCheckpoint(
      deps.db,
      lease!,
      { position: encodePosition(position), failing: null, deadLetter },
      deps.clock,
    );
    deadLettered += 1;
    return true;
  };

  const apply = async (batch: readonly RecordedEvent[]): Promise<void> => {
    await projectBatch(batch, target);
    await deps.afterBatchMerged?.(partition, batch);
    const last = batch[batch.length - 1]!;
    lease = await advanceCheckpoint(
      deps.db,
      lease!,
      { position: encodePosition(last.position), projected: batch.length, failing: null },
      deps.clock,
    );
    events += batch.length;
  };

  /** Applies a batch; when it fails for a reason not transient, one event at a time to blame the culprit. False when stalled. */
  const applyOrIsolate = async (batch: readonly RecordedEvent[]): Promise<boolean> => {
    try {
      await apply(batch);
      return true;
    } catch (error) {
      if (isTransient(error) || error instanceof PartitionLeaseLost) throw error;
      for (const event of batch) {
        try {
          await apply([event]);
        } catch (single) {
          if (isTransient(single) || single instanceof PartitionLeaseLost) throw single;
          if (!(await blame(event.position, event, single))) return false;
        }
      }
      return true;
    }
  };

  try {
    for (;;) {
      const after = lease.checkpoint.position ? decodePosition(lease.checkpoint.position) : undefined;
      const read = deps.store.streamPartition(partition, { after, limit: deps.readLimit, settleMs: deps.settleMs });
      let seen = 0;
      let batch: RecordedEvent[] = [];
      for await (const entry of read.entries) {
        seen += 1;
        if (entry.kind === 'event') {
          batch.push(entry.event);
          if (batch.length < deps.batchSize) continue;
        }
        const ready = batch;
        batch = [];
        if (ready.length > 0 && !(await applyOrIsolate(ready)))
          return outcome('stalled', lease.checkpoint.failing?.error);
        if (entry.kind === 'malformed' && !(await blame(entry.position, undefined, entry.error)))
          return outcome('stalled', lease.checkpoint.failing?.error);
      }
      if (batch.length > 0 && !(await applyOrIsolate(batch)))
        return outcome('stalled', lease.checkpoint.failing?.error);
      if (seen >= deps.readLimit) continue;
      const behind = until ? until.getTime() - read.watermark.toMillis() : 0;
      if (behind <= 0) return outcome('done');
      await pause(Math.min(behind, 5_000));
    }
  } finally {
    await releaseLease(deps.db, lease as PartitionLease).catch(() => undefined);
  }
}
