import { testFirestore } from '../support/firestore';
import { increment, testEventStore, uniqueStream } from './support';

describe('readTenant', () => {
  const db = testFirestore();
  const store = testEventStore(db);
  afterAll(() => db.terminate());

  it("returns one tenant's events across its streams in commit order, bounded by an instant", async () => {
    const profile = uniqueStream('tenant');
    const run = uniqueStream('run');
    const first = await store.append(profile, 'no_stream', [increment(1)], { tenantId: 'globex' });
    const second = await store.append(run, 'no_stream', [increment(2), increment(3)], { tenantId: 'globex' });
    await store.append(uniqueStream('other'), 'no_stream', [increment(99)], { tenantId: 'initech' });
    const middle = await store.append(profile, 1, [increment(4)], { tenantId: 'globex' });
    const last = await store.append(run, 2, [increment(5)], { tenantId: 'globex' });
    const all = [];
    for await (const event of store.readTenant('globex')) all.push(event);
    expect(all.map((e) => [e.streamId, e.revision])).toEqual([
      [profile, 1],
      [run, 1],
      [run, 2],
      [profile, 2],
      [run, 3],
    ]);

    // The bound: the millisecond at or just after the fourth commit. Which events it includes follows from the
    // commit times the appends returned (exact to the nanosecond), not from what readTenant read.
    const nanos = ({ position }: { position: { seconds: number; nanoseconds: number } }) =>
      BigInt(position.seconds) * 1_000_000_000n + BigInt(position.nanoseconds);
    const asOfMs = (nanos(middle) + 999_999n) / 1_000_000n;
    const commitOf: [number, typeof first][] = [
      [1, first],
      [2, second],
      [3, second],
      [4, middle],
      [5, last],
    ];
    const expected = commitOf.filter(([, commit]) => nanos(commit) <= asOfMs * 1_000_000n).map(([by]) => by);
    expect(expected.slice(0, 4)).toEqual([1, 2, 3, 4]);

    const upTo = [];
    for await (const event of store.readTenant('globex', { to: new Date(Number(asOfMs)) }))
      upTo.push((event.data as { by: number }).by);
    expect(upTo).toEqual(expected);
  });
});
