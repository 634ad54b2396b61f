import { mapWithConcurrency } from '../../shared/map-with-concurrency';

export interface GroupBounds {
  /** Groups (tenants) worked on at once. */
  readonly groups: number;
  /** Items of one group in flight at once, so one tenant's many schedules cannot crowd out the others. */
  readonly perGroup: number;
}

/**
 * Runs `work` over every item of every group: at most `bounds.groups` groups at once and at most
 * `bounds.perGroup` items of any one group in flight. Resolves when every item is done; `work` handles its own
 * failures (a rejection stops that group's remaining items).
 */
export async function forEachBoundedPerGroup<A>(
  groups: readonly (readonly A[])[],
  bounds: GroupBounds,
  work: (item: A) => Promise<void>,
): Promise<void> {
  await mapWithConcurrency(groups, bounds.groups, (items) => mapWithConcurrency(items, bounds.perGroup, work));
}
