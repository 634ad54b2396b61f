import { deferred } from './support/deadline';
import { TIMEOUT, startFixture, type Fixture } from './support/fixture';
import { ManualClock } from './support/manual-clock';

describe('local Cloud Tasks: rate limits', () => {
  // Tokens refill on the server's clock, which moves only when a test advances it.
  const clock = new ManualClock(Date.UTC(2026, 2, 1, 6));
  let fx: Fixture;

  beforeAll(async () => {
    fx = await startFixture({ clock });
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
    const t0 = clock.now();
    for (const id of ids) await fx.createTask(queue, { id });
    const starts = () => startedIn(queue).map((e) => `${e.task.split('/').pop()}@${e.at - t0}`);
    // The burst of five goes at once; then one token every 200 ms, and not a millisecond before.
    const burst = ['r0@0', 'r1@0', 'r2@0', 'r3@0', 'r4@0'];
    expect(starts()).toEqual(burst);
    clock.advance(199);
    expect(starts()).toEqual(burst);
    clock.advance(1);
    expect(starts()).toEqual([...burst, 'r5@200']);
    clock.advance(199);
    expect(starts()).toEqual([...burst, 'r5@200']);
    clock.advance(1);
    expect(starts()).toEqual([...burst, 'r5@200', 'r6@400']);
    await Promise.all(ids.map((id) => fx.events.waitFor('task-completed', `${queue}/tasks/${id}`)));
    expect(starts()).toHaveLength(7);
  }, 15_000);
});
