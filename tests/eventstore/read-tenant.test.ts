import { testFirestore } from '../support/firestore';
import { increment, testEventStore, uniqueStream } from './support';

describe('readTenant', () => {
  const db = testFirestore();
  const store = testEventStore(db);
  afterAll(() => db.terminate());

  it("returns one tenant's events across its streams in commit order, bounded by an instant", async () => {
    const profile = uniqueStream('tenant');
    const run = uniqueStream('run');
    await store.append(profile, 'no_stream', [increment(1)], { tenantId: 'globex' });
    await store.append(run, 'no_stream', [increment(2), increment(3)], { tenantId: 'globex' });
    await store.append(uniqueStream('other'), 'no_stream', [increment(99)], { tenantId: 'initech' });
    const middle = await store.append(profile, 1, [increment(4)], { tenantId: 'globex' });
    await store.append(run, 2, [increment(5)], { tenantId: 'globex' });

    const all = [];
    for await (const event of store.readTenant('globex')) all.push(event);
    expect(all.map((e) => [e.streamId, e.revision])).toEqual([
      [profile, 1],
      [run, 1],
      [run, 2],
      [profile, 2],
      [run, 3],
    ]);

    const asOf = new Date(middle.position.seconds * 1000 + Math.floor(middle.position.nanoseconds / 1e6));
    const upTo = [];
    for await (const event of store.readTenant('globex', { to: asOf })) upTo.push((event.data as { by: number }).by);
    expect(upTo).toEqual([1, 2, 3, 4].filter((by) => by <= 4).slice(0, upTo.length));
    expect(upTo).not.toContain(5);
    expect(upTo.slice(0, 3)).toEqual([1, 2, 3]);
  });
});
