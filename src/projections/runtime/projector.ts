import type { Logger } from 'pino';
import type { DoorbellAnswer, ProjectionDoorbell } from '../doorbell';
import type { ProjectionSet } from '../projection-set';
import { mapWithConcurrency } from '../../shared/map-with-concurrency';
import { catchUpPartition, type CatchUpDependencies, type CatchUpOutcome } from './catch-up-partition';
import { deadLettersCollection } from './checkpoint-paths';
import { PartitionLeaseLost } from './partition-lease';
import { SingleFlight } from './single-flight';

type Required_ = 'db' | 'store' | 'warehouse' | 'projections' | 'set' | 'owner';
type Tunable = 'batchSize' | 'readLimit' | 'maxAttempts' | 'settleMs' | 'statementTimeoutMs' | 'afterBatchMerged';

/** What catchUpPartition needs, with defaults for the tunables (2,000 events per batch, 10,000 per query, 5 attempts). */
export interface ProjectorOptions
  extends Pick<CatchUpDependencies, Required_>, Partial<Pick<CatchUpDependencies, Tunable>> {
  readonly logger?: Logger;
  readonly now?: () => Date;
  readonly leaseMs?: number;
  /** How many partitions one catch-up of all works on at once. */
  readonly concurrency?: number;
}

export interface ProjectionHealth {
  /** True when events were set aside or a partition is stuck on a failing event. */
  readonly degraded: boolean;
  readonly deadLetters: number;
  readonly stalled: readonly { readonly partition: number; readonly error?: string }[];
}

export interface Projector extends ProjectionDoorbell {
  readonly set: ProjectionSet;
  /** Catches up one partition until events committed before the call are projected (coalesced per partition). */
  catchUp(partition: number): Promise<DoorbellAnswer>;
  catchUpPartition(partition: number, until?: Date): Promise<CatchUpOutcome>;
  /** Every partition, `concurrency` at a time; never throws for one partition's failure (it is reported). */
  catchUpAll(): Promise<
    readonly (CatchUpOutcome | { readonly partition: number; readonly status: 'failed'; readonly error: string })[]
  >;
  /** A periodic catch-up of all partitions: covers any doorbell that never rang. */
  startPeriodic(intervalMs: number): void;
  stop(): Promise<void>;
  health(): Promise<ProjectionHealth>;
}

/** The projector of one projection set: doorbell, periodic catch-up and health over catchUpPartition. */
export function createProjector(options: ProjectorOptions): Projector {
  const now = options.now ?? (() => new Date());
  const deps: CatchUpDependencies = {
    db: options.db,
    store: options.store,
    warehouse: options.warehouse,
    projections: options.projections,
    set: options.set,
    owner: options.owner,
    clock: { now, leaseMs: options.leaseMs ?? 30_000 },
    batchSize: options.batchSize ?? 2_000,
    readLimit: options.readLimit ?? 10_000,
    maxAttempts: options.maxAttempts ?? 5,
    settleMs: options.settleMs,
    statementTimeoutMs: options.statementTimeoutMs ?? 60_000,
    afterBatchMerged: options.afterBatchMerged,
  };
  const flights = new Map<number, SingleFlight<CatchUpOutcome>>();
  const stalled = new Map<number, string | undefined>();
  let timer: NodeJS.Timeout | undefined;
  let periodic: Promise<unknown> | undefined;

  const run = (partition: number, withUntil: boolean): Promise<CatchUpOutcome> => {
    const flight = flights.get(partition) ?? new SingleFlight<CatchUpOutcome>();
    flights.set(partition, flight);
    return flight.run(async () => {
      try {
        const outcome = await catchUpPartition(deps, partition, withUntil ? now() : undefined);
        if (outcome.status === 'stalled') stalled.set(partition, outcome.error);
        else if (outcome.status === 'done') stalled.delete(partition);
        return outcome;
      } catch (error) {
        if (error instanceof PartitionLeaseLost) return { partition, status: 'busy' } as const;
        throw error;
      }
    });
  };

  const catchUpAll: Projector['catchUpAll'] = async () => {
    const partitions = Array.from({ length: options.store.partitions }, (_, p) => p);
    type Result = Awaited<ReturnType<Projector['catchUpAll']>>[number];
    // Results keep the partitions' order, so they come back sorted by partition.
    return mapWithConcurrency(partitions, Math.max(1, options.concurrency ?? 4), async (partition): Promise<Result> => {
      try {
        return await run(partition, false);
      } catch (error) {
        options.logger?.warn(
          { err: error, partition, set: options.set.setId },
          'projection catch-up failed; the next one retries',
        );
        return { partition, status: 'failed', error: error instanceof Error ? error.message : String(error) };
      }
    });
  };

  return {
    set: options.set,
    async catchUp(partition) {
      // A doorbell naming a partition this log does not have (another deployment's P, a forged event) is
      // nothing to catch up: answering with an error would only make Eventarc deliver it again.
      if (!Number.isInteger(partition) || partition < 0 || partition >= options.store.partitions) {
        return {
          outcome: 'ignored',
          reason: `partition ${partition} is outside the log's 0..${options.store.partitions - 1}`,
        };
      }
      const outcome = await run(partition, true);
      if (outcome.status === 'busy') return { outcome: 'busy' };
      if (outcome.status === 'stalled') {
        options.logger?.warn(
          { partition, set: options.set.setId, error: outcome.error },
          'projection partition stalled on a failing event',
        );
      }
      return { outcome: 'caught_up', events: outcome.events };
    },
    catchUpPartition: (partition, until) => catchUpPartition(deps, partition, until),
    catchUpAll,
    startPeriodic(intervalMs) {
      if (timer) return;
      const tick = () => {
        periodic = catchUpAll().finally(() => {
          if (timer) timer = setTimeout(tick, intervalMs).unref();
        });
      };
      timer = setTimeout(tick, intervalMs).unref();
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await periodic?.catch(() => undefined);
      await Promise.all(
        [...flights.values()].map((flight) =>
          flight.run(async () => ({ partition: -1, status: 'busy' }) as const).catch(() => undefined),
        ),
      );
    },
    async health() {
      const count = await options.db.collection(deadLettersCollection(options.set)).count().get();
      const deadLetters = count.data().count;
      const stuck = [...stalled.entries()].map(([partition, error]) => ({ partition, ...(error ? { error } : {}) }));
      return { degraded: deadLetters > 0 || stuck.length > 0, deadLetters, stalled: stuck };
    },
  };
}
