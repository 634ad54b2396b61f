import { forEachBoundedPerGroup } from '../../src/app/scheduling/bounded-per-group';

/**
 * The trigger's plan for one pass: tenants side by side up to a global bound, and within one tenant at most
 * `perGroup` due pipelines in flight. Counted through the work function, never timed.
 */
interface Item {
  readonly group: string;
  readonly index: number;
}

const groupOf = (group: string, size: number): Item[] => Array.from({ length: size }, (_, index) => ({ group, index }));
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function instrumented() {
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  const done: Item[] = [];
  let total = 0;
  let maxTotal = 0;
  let maxGroupsActive = 0;
  const work = async (item: Item): Promise<void> => {
    inFlight.set(item.group, (inFlight.get(item.group) ?? 0) + 1);
    total += 1;
    maxInFlight.set(item.group, Math.max(maxInFlight.get(item.group) ?? 0, inFlight.get(item.group) ?? 0));
    maxTotal = Math.max(maxTotal, total);
    maxGroupsActive = Math.max(maxGroupsActive, [...inFlight.values()].filter((n) => n > 0).length);
    // Every item yields the event loop, so an unbounded plan would start all of a group's items at once.
    await nextTurn();
    inFlight.set(item.group, (inFlight.get(item.group) ?? 1) - 1);
    total -= 1;
    done.push(item);
  };
  return { work, maxInFlight, done, maxTotal: () => maxTotal, maxGroupsActive: () => maxGroupsActive };
}

describe('forEachBoundedPerGroup', () => {
  it('given a tenant with many due schedules, when planned with perGroup 4, then never more than 4 are in flight', async () => {
    const probe = instrumented();
    await forEachBoundedPerGroup([groupOf('acme', 30)], { groups: 64, perGroup: 4 }, probe.work);
    expect(probe.maxInFlight.get('acme')).toBe(4);
    expect(probe.done).toHaveLength(30);
  });

  it('given two tenants, when planned, then both proceed side by side, each within its own bound', async () => {
    const probe = instrumented();
    await forEachBoundedPerGroup([groupOf('acme', 12), groupOf('globex', 12)], { groups: 64, perGroup: 3 }, probe.work);
    expect(probe.maxInFlight.get('acme')).toBe(3);
    expect(probe.maxInFlight.get('globex')).toBe(3);
    expect(probe.maxTotal()).toBe(6);
    expect(probe.done).toHaveLength(24);
  });

  it('given more tenants than the global bound, when planned, then at most that many tenants are active at once', async () => {
    const probe = instrumented();
    const groups = ['a', 'b', 'c', 'd', 'e'].map((group) => groupOf(group, 5));
    await forEachBoundedPerGroup(groups, { groups: 2, perGroup: 2 }, probe.work);
    expect(probe.maxGroupsActive()).toBe(2);
    expect(probe.maxTotal()).toBe(4);
    expect(new Set(probe.done.map((item) => `${item.group}/${item.index}`)).size).toBe(25);
  });
});
