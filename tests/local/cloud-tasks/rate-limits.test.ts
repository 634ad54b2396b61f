import { deferred } from './support/deadline';
import { TIMEOUT, startFixture, type Fixture } from './support/fixture';

describe('local Cloud Tasks: rate limits', () => {
  let fx: Fixture;

  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.stop());

  /** Holds every request of one queue until the test releases it, counting how many are held at once. */
  function holdRequestsOf(queueId: string) {
    const releases: Array<() => void> = [];
    const held = { current: 0, max: 0, releases };
    fx.receiver.answerWith((request) => {
      if (request.headers['x-cloudtasks-queuename'] !== queueId) return 200;
      held.current += 1;
      held.max = Math.max(held.max, held.current);
      const answer = deferred<number>();
      releases.push(() => {
        held.current -= 1;
        answer.resolve(200);
      });
      return answer.promise;
    });
    return held;
  }

  const startedIn = (queue: string) =>
    fx.events.events.flatMap((e) => (e.type === 'attempt-started' && e.task.startsWith(`${queue}/`) ? [e] : []));

  it('never has more than max_concurrent_dispatches = 1 task in flight', async () => {
    const queue = await fx.createQueue('one-at-a-time', { rateLimits: { maxConcurrentDispatches: 1 } });
    const held = holdRequestsOf('one-at-a-time');
    const before = fx.receiver.requests.length;
    // Each CreateTask returns after the queue had its chance to dispatch, so a broken limit would show here.
    for (const id of ['c0', 'c1', 'c2']) await fx.createTask(queue, { id });
    for (let index = 0; index < 3; index += 1) {
      const requests = await fx.receiver.waitForRequests(before + index + 1);
      expect(requests[before + index]?.headers['x-cloudtasks-taskname']).toBe(`c${index}`);
      expect(startedIn(queue)).toHaveLength(index + 1);
      expect(held.current).toBe(1);
      held.releases[index]?.();
    }
    await fx.events.waitFor('task-completed', `${queue}/tasks/c2`);
    expect(held.max).toBe(1);
  }, 15_000);

  it('dispatches up to max_concurrent_dispatches = 2 at once and holds the rest', async () => {
    const queue = await fx.createQueue('two-at-a-time', { rateLimits: { maxConcurrentDispatches: 2 } });
    const held = holdRequestsOf('two-at-a-time');
    const before = fx.receiver.requests.length;
    for (const id of ['p0', 'p1', 'p2']) await fx.createTask(queue, { id });
    await fx.receiver.waitForRequests(before + 2);
    expect(held.current).toBe(2);
    expect(startedIn(queue)).toHaveLength(2);
    held.releases[0]?.();
    await fx.receiver.waitForRequests(before + 3);
    held.releases[1]?.();
    held.releases[2]?.();
    await fx.events.waitFor('task-completed', `${queue}/tasks/p2`);
    expect(held.max).toBe(2);
  }, 15_000);

  it('spends its burst at once, then dispatches at max_dispatches_per_second', async () => {
    const queue = await fx.createQueue('five-per-second', { rateLimits: { maxDispatchesPerSecond: 5 } });
    fx.receiver.answerWith(() => 200);
    const [resource] = await fx.client.getQueue({ name: queue }, TIMEOUT);
    expect(resource.rateLimits?.maxBurstSize).toBe(5);
    const ids = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6'];
    for (const id of ids) await fx.createTask(queue, { id });
    await Promise.all(ids.map((id) => fx.events.waitFor('task-completed', `${queue}/tasks/${id}`)));
    const starts = startedIn(queue).map((e) => e.at);
    expect(starts).toHaveLength(7);
    const first = starts[0] as number;
    // A token every 200 ms once the five of the burst are gone, counted from the first dispatch (a late sixth
    // dispatch does not delay the seventh token; lower bounds only, small slack for timer rounding).
    expect((starts[5] as number) - first).toBeGreaterThanOrEqual(190);
    expect((starts[6] as number) - first).toBeGreaterThanOrEqual(390);
  }, 15_000);
});
