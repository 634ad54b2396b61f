import type { MalformedCheckpoint } from './checkpoint';
import type { PartitionLeaseLost } from './partition-lease';
import type { ProjectionFailed } from './plan-batch';

/**
 * The projector runtime's typed failures, told apart by class (`instanceof`), each with its own code:
 * PARTITION_LEASE_LOST (another instance owns the partition now: stop, nothing to blame), MALFORMED_CHECKPOINT,
 * PROJECTION_FAILED (an event a projection could not map: counted against that event, set aside after retries).
 */
export type ProjectionRuntimeError = PartitionLeaseLost | MalformedCheckpoint | ProjectionFailed;

export type ProjectionRuntimeErrorCode = ProjectionRuntimeError['code'];
