import { CENTRAL_DATASET } from '../warehouse/tables';

/**
 * Where a projector writes: a set of central tables (one dataset) with its own checkpoints. The live set
 * feeds `tenants`; a replay builds a shadow set beside it, compares, then promotes it into `tenants`.
 */
export interface ProjectionSet {
  /** Names the checkpoint documents (`projections/{setId}/…`). */
  readonly setId: string;
  readonly dataset: string;
}

export const LIVE_SET: ProjectionSet = { setId: 'live', dataset: CENTRAL_DATASET };

const SET_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** A replay's shadow set: `replay-{id}` writing dataset `tenants__replay_{id}`. */
export function shadowSet(replayId: string): ProjectionSet {
  if (!SET_ID.test(replayId))
    throw new RangeError(`replay id must match ${SET_ID.source}, got ${JSON.stringify(replayId.slice(0, 80))}`);
  return { setId: `replay-${replayId}`, dataset: `${CENTRAL_DATASET}__replay_${replayId.replace(/-/g, '_')}` };
}
