import { status as Status } from '@grpc/grpc-js';
import { Timestamp, type Firestore } from '@google-cloud/firestore';
import type { ProjectionSet } from '../projection-set';
import { checkpointPath, deadLetterPath } from './checkpoint-paths';
import { decodeCheckpoint, emptyCheckpoint, type Checkpoint } from './checkpoint';

/** Ownership of one partition: the checkpoint as this owner last wrote it, and the update time that proves it. */
export interface PartitionLease {
  readonly set: ProjectionSet;
  readonly partition: number;
  readonly owner: string;
  readonly checkpoint: Checkpoint;
  readonly updateTime: Timestamp;
}

/**
 * Another instance took the partition (our lease expired): stop; what we merged is idempotent. Not a run's
 * lease (the domain's RUN_LEASE_LOST): a projection partition's.
 */
export class PartitionLeaseLost extends Error {
  readonly code = 'PARTITION_LEASE_LOST';
  constructor(
    readonly setId: string,
    readonly partition: number,
  ) {
    super(`Lost the lease of partition ${partition} of projection set ${setId}`);
    this.name = 'PartitionLeaseLost';
  }
}

export interface LeaseClock {
  readonly now: () => Date;
  readonly leaseMs: number;
}

const grpcCode = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null ? ((error as { code?: unknown }).code as number) : undefined;

/**
 * Takes the partition when nobody holds it (or the holder's lease expired, or it is ours): one read and one
 * conditional write. Returns undefined when another live owner has it or won the race for it.
 */
export async function acquireLease(
  db: Firestore,
  set: ProjectionSet,
  partition: number,
  owner: string,
  clock: LeaseClock,
): Promise<PartitionLease | undefined> {
  const ref = db.doc(checkpointPath(set, partition));
  const snapshot = await ref.get();
  const now = clock.now();
  const expires = Timestamp.fromMillis(now.getTime() + clock.leaseMs);
  if (!snapshot.exists) {
    const checkpoint: Checkpoint = { ...emptyCheckpoint(partition), leaseOwner: owner, leaseExpiresAt: expires };
    try {
      const written = await ref.create(checkpoint);
      return { set, partition, owner, checkpoint, updateTime: written.writeTime };
    } catch (error) {
      if (grpcCode(error) === Status.ALREADY_EXISTS) return undefined;
      throw error;
    }
  }
  const current = decodeCheckpoint(snapshot);
  const heldByOther =
    current.leaseOwner !== null &&
    current.leaseOwner !== owner &&
    current.leaseExpiresAt !== null &&
    current.leaseExpiresAt.toMillis() > now.getTime();
  if (heldByOther) return undefined;
  const checkpoint: Checkpoint = { ...current, leaseOwner: owner, leaseExpiresAt: expires };
  try {
    const written = await ref.update(
      { leaseOwner: owner, leaseExpiresAt: expires },
      { lastUpdateTime: snapshot.updateTime as Timestamp },
    );
    return { set, partition, owner, checkpoint, updateTime: written.writeTime };
  } catch (error) {
    if (grpcCode(error) === Status.FAILED_PRECONDITION) return undefined;
    throw error;
  }
}

export interface CheckpointChange {
  /** The new position; `null` puts the partition back at the start of its log (a promotion from an empty shadow). */
  readonly position?: string | null;
  readonly projected?: number;
  readonly failing?: Checkpoint['failing'];
  /** Sets the event aside: a dead-letter record written in the same commit as the checkpoint. */
  readonly deadLetter?: {
    readonly path: string;
    readonly eventId: string | null;
    readonly type: string | null;
    readonly error: string;
    readonly attempts: number;
  };
}

/** Advances the checkpoint and renews the lease in one compare-and-set; PartitionLeaseLost when someone else wrote it since. */
export async function advanceCheckpoint(
  db: Firestore,
  lease: PartitionLease,
  change: CheckpointChange,
  clock: LeaseClock,
): Promise<PartitionLease> {
  const now = clock.now();
  const checkpoint: Checkpoint = {
    ...lease.checkpoint,
    position: change.position === undefined ? lease.checkpoint.position : change.position,
    eventsProjected: lease.checkpoint.eventsProjected + (change.projected ?? 0),
    deadLetters: lease.checkpoint.deadLetters + (change.deadLetter ? 1 : 0),
    failing: change.failing === undefined ? lease.checkpoint.failing : change.failing,
    leaseExpiresAt: Timestamp.fromMillis(now.getTime() + clock.leaseMs),
  };
  const ref = db.doc(checkpointPath(lease.set, lease.partition));
  const batch = db.batch().update(ref, { ...checkpoint }, { lastUpdateTime: lease.updateTime });
  if (change.deadLetter) {
    batch.set(db.doc(deadLetterPath(lease.set, change.deadLetter.path)), {
      ...change.deadLetter,
      partition: lease.partition,
      setAsideAt: Timestamp.fromDate(now),
    });
  }
  try {
    const [written] = await batch.commit();
    return { ...lease, checkpoint, updateTime: (written as { writeTime: Timestamp }).writeTime };
  } catch (error) {
    if (grpcCode(error) === Status.FAILED_PRECONDITION) throw new PartitionLeaseLost(lease.set.setId, lease.partition);
    throw error;
  }
}

/** Gives the partition back at once (instead of letting the lease run out); losing it meanwhile is fine. */
export async function releaseLease(db: Firestore, lease: PartitionLease): Promise<void> {
  try {
    await db
      .doc(checkpointPath(lease.set, lease.partition))
      .update({ leaseOwner: null, leaseExpiresAt: null }, { lastUpdateTime: lease.updateTime });
  } catch (error) {
    if (grpcCode(error) !== Status.FAILED_PRECONDITION) throw error;
  }
}

/** Reads every checkpoint of a set (status, replay progress). */
export async function readCheckpoints(
  db: Firestore,
  set: ProjectionSet,
  partitions: number,
): Promise<readonly Checkpoint[]> {
  const refs = Array.from({ length: partitions }, (_, p) => db.doc(checkpointPath(set, p)));
  const snapshots = await db.getAll(...refs);
  return snapshots.map((snapshot, p) => (snapshot.exists ? decodeCheckpoint(snapshot) : emptyCheckpoint(p)));
}
