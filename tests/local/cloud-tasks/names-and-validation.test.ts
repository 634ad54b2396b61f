import { ManualClock } from './support/manual-clock';
import { PARENT, TIMEOUT, startFixture, type Fixture } from './support/fixture';

const HOUR = 3_600_000;

describe('local Cloud Tasks: task names', () => {
  const clock = new ManualClock(Date.UTC(2026, 2, 1, 6));
  let fx: Fixture;
  let queue: string;

  beforeAll(async () => {
    fx = await startFixture({ clock });
    queue = await fx.createQueue('names');
  });
  afterAll(() => fx.stop());

  it('refuses a second task of the same name with ALREADY_EXISTS and delivers the first only once', async () => {
    const name = `${queue}/tasks/twice`;
    const due = clock.now() + 100;
    await fx.createTask(queue, { id: 'twice', scheduleTime: new Date(due) });
    // Refused while the first one waits...
    await expect(fx.createTask(queue, { id: 'twice' })).rejects.toMatchObject({ code: 6 });
    expect(fx.events.ofTask(name)).toEqual([]);
    clock.advance(100);
    await fx.events.waitFor('task-completed', name);
    // ...and once it has been delivered, the only time.
    await expect(fx.createTask(queue, { id: 'twice' })).rejects.toMatchObject({ code: 6 });
    expect(fx.events.ofTask(name)).toEqual([
      { type: 'attempt-started', task: name, attempt: 1, at: due },
      { type: 'attempt-finished', task: name, attempt: 1, outcome: 'HTTP 200', at: due },
      { type: 'task-completed', task: name, attempts: 1 },
    ]);
    expect(fx.receiver.requests.filter((r) => r.headers['x-cloudtasks-taskname'] === 'twice')).toHaveLength(1);
  }, 15_000);

  it('keeps a deleted task’s name taken too', async () => {
    await fx.createTask(queue, { id: 'deleted-name', scheduleTime: new Date(clock.now() + HOUR) });
    await fx.client.deleteTask({ name: `${queue}/tasks/deleted-name` }, TIMEOUT);
    await expect(fx.createTask(queue, { id: 'deleted-name' })).rejects.toMatchObject({ code: 6 });
  }, 15_000);

  it('refuses malformed names, tasks outside the queue, and tasks for a missing queue', async () => {
    await expect(fx.createTask(queue, { id: 'has a space' })).rejects.toMatchObject({ code: 3 });
    await expect(
      fx.client.createTask(
        {
          parent: queue,
          task: { name: `${PARENT}/queues/other/tasks/x`, httpRequest: { url: `${fx.receiver.url}/x` } },
        },
        TIMEOUT,
      ),
    ).rejects.toMatchObject({ code: 3 });
    await expect(fx.createTask(`${PARENT}/queues/missing`, { id: 'x' })).rejects.toMatchObject({ code: 5 });
    await expect(fx.client.getTask({ name: 'not/a/task' }, TIMEOUT)).rejects.toMatchObject({ code: 3 });
  }, 15_000);
});

describe('local Cloud Tasks: requests Cloud Tasks refuses', () => {
  const clock = new ManualClock(Date.UTC(2026, 2, 1, 6));
  let fx: Fixture;
  let queue: string;

  beforeAll(async () => {
    fx = await startFixture({ clock });
    queue = await fx.createQueue('validation');
  });
  afterAll(() => fx.stop());

  it('refuses a second queue of the same name and fills in defaults for unset settings', async () => {
    await expect(fx.createQueue('validation')).rejects.toMatchObject({ code: 6 });
    const [resource] = await fx.client.getQueue({ name: queue }, TIMEOUT);
    expect(resource.state).toBe('RUNNING');
    expect(resource.rateLimits).toMatchObject({
      maxDispatchesPerSecond: 500,
      maxBurstSize: 100,
      maxConcurrentDispatches: 1000,
    });
    expect(resource.retryConfig).toMatchObject({
      maxAttempts: 100,
      maxDoublings: 16,
      minBackoff: { seconds: '0', nanos: 100_000_000 },
      maxBackoff: { seconds: '3600' },
    });
    await expect(fx.client.getQueue({ name: `${PARENT}/queues/absent` }, TIMEOUT)).rejects.toMatchObject({ code: 5 });
  }, 15_000);

  it('refuses out-of-range queue settings', async () => {
    await expect(fx.createQueue('too-fast', { rateLimits: { maxDispatchesPerSecond: 501 } })).rejects.toMatchObject({
      code: 3,
    });
    await expect(fx.createQueue('too-wide', { rateLimits: { maxConcurrentDispatches: 5001 } })).rejects.toMatchObject({
      code: 3,
    });
    await expect(
      fx.createQueue('backwards', { retryConfig: { minBackoff: { seconds: 10 }, maxBackoff: { seconds: 5 } } }),
    ).rejects.toMatchObject({ code: 3 });
    await expect(fx.createQueue('bad_id')).rejects.toMatchObject({ code: 3 });
  }, 15_000);

  it('refuses dispatch deadlines outside 15 s – 30 min, far schedule times, bodies on GET and bad URLs', async () => {
    await expect(fx.createTask(queue, { deadlineMs: 14_000 })).rejects.toMatchObject({ code: 3 });
    await expect(fx.createTask(queue, { deadlineMs: 31 * 60_000 })).rejects.toMatchObject({ code: 3 });
    // At most 30 days ahead, to the millisecond.
    await expect(
      fx.createTask(queue, { scheduleTime: new Date(clock.now() + 30 * 24 * HOUR + 1) }),
    ).rejects.toMatchObject({ code: 3 });
    const latest = await fx.createTask(queue, { scheduleTime: new Date(clock.now() + 30 * 24 * HOUR) });
    await fx.client.deleteTask({ name: latest.name }, TIMEOUT);
    await expect(
      fx.createTask(queue, {
        extra: { httpRequest: { url: `${fx.receiver.url}/x`, httpMethod: 'GET', body: Buffer.from('x') } },
      }),
    ).rejects.toMatchObject({ code: 3 });
    await expect(
      fx.createTask(queue, { extra: { httpRequest: { url: 'ftp://example.com/x' } } }),
    ).rejects.toMatchObject({ code: 3 });
    const [listed] = await fx.client.listTasks({ parent: queue }, TIMEOUT);
    expect(listed).toEqual([]);
  }, 15_000);

  it('answers the calls it does not implement with UNIMPLEMENTED', async () => {
    await expect(fx.client.pauseQueue({ name: queue }, TIMEOUT)).rejects.toMatchObject({ code: 12 });
  }, 15_000);
});

describe('local Cloud Tasks: the name window', () => {
  it('frees a finished task’s name once the tombstone window has passed', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const fx = await startFixture({ clock, tombstoneWindowMs: HOUR });
    try {
      const queue = await fx.createQueue('window');
      const later = new Date(clock.now() + 10 * HOUR);
      await fx.createTask(queue, { id: 'reused', scheduleTime: later });
      await fx.client.deleteTask({ name: `${queue}/tasks/reused` }, TIMEOUT);
      clock.advance(HOUR - 1);
      await expect(fx.createTask(queue, { id: 'reused', scheduleTime: later })).rejects.toMatchObject({ code: 6 });
      clock.advance(1);
      const again = await fx.createTask(queue, { id: 'reused', scheduleTime: later });
      expect(again.name).toBe(`${queue}/tasks/reused`);
    } finally {
      await fx.stop();
    }
  }, 15_000);
});
