import { LIVE_SET, type ProjectionSet } from '../projection-set';
import {
  acquireLease,
  advanceCheckpoint,
  readCheckpoints,
  releaseLease,
  type LeaseClock,
  type PartitionLease,
} from '../runtime/partition-lease';
import type { ReplayDependencies } from './replay-dependencies';

export class PromoteBlocked extends Error {
  readonly code = 'PROMOTE_BLOCKED';
  constructor(readonly partition: number) {
    super(
      `Could not take partition ${partition} of the live projections from its current owner; nothing was promoted. Try again.`,
    );
    this.name = 'PromoteBlocked';
  }
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Switches the live tables to the rebuilt ones without downtime: holding every live partition (so the live
 * projector pauses), each live table is made equal to its shadow in one atomic statement — readers see the
 * old rows or the new, never an empty table — the live checkpoints take the shadow's positions, the views
 * are re-created, and the partitions are released for the live projector to carry on from there.
 */
export async function promoteShadow(
  deps: ReplayDependencies,
  shadow: ProjectionSet,
  options: { readonly waitMs?: number } = {},
): Promise<void> {
  const now = deps.now ?? (() => new Date());
  const clock: LeaseClock = { now, leaseMs: 120_000 };
  const owner = `promote-${shadow.setId}-${process.pid}`;
  const partitions = deps.store.partitions;
  const leases: PartitionLease[] = [];
  try {
    for (let partition = 0; partition < partitions; partition += 1)
      leases.push(await takeLease(deps, partition, owner, clock, options.waitMs ?? 60_000));
    const shadowCheckpoints = await readCheckpoints(deps.db, shadow, partitions);
    for (const table of deps.tables) {
      await deps.warehouse.replaceTableContents(
        { dataset: shadow.dataset, table: table.name },
        { dataset: LIVE_SET.dataset, table: table.name },
        table,
        { timeoutMs: 300_000 },
      );
    }
    for (const [partition, lease] of leases.entries()) {
      const rebuilt = shadowCheckpoints[partition]!;
      leases[partition] = await advanceCheckpoint(
        deps.db,
        lease,
        {
          // Exactly the shadow's position, null included: a partition the rebuild found empty starts over, so
          // events the live projector took in after the rebuild are projected again rather than lost.
          position: rebuilt.position,
          projected: rebuilt.eventsProjected - lease.checkpoint.eventsProjected,
          failing: null,
        },
        clock,
      );
    }
    await deps.recreateViews();
  } finally {
    await Promise.all(leases.map((lease) => releaseLease(deps.db, lease).catch(() => undefined)));
  }
}

async function takeLease(
  deps: ReplayDependencies,
  partition: number,
  owner: string,
  clock: LeaseClock,
  waitMs: number,
): Promise<PartitionLease> {
  const deadline = clock.now().getTime() + waitMs;
  for (;;) {
    const lease = await acquireLease(deps.db, LIVE_SET, partition, owner, clock);
    if (lease) return lease;
    if (clock.now().getTime() > deadline) throw new PromoteBlocked(partition);
    await pause(200);
  }
}
