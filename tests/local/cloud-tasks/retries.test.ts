import { deferred, withinMs } from './support/deadline';
import { TIMEOUT, fastRetries, msOf, startFixture, type Fixture } from './support/fixture';
import { ManualClock } from './support/manual-clock';
import type { ReceivedRequest } from './support/receiver';

const named = (requests: readonly ReceivedRequest[], id: string) =>
  requests.filter((r) => r.headers['x-cloudtasks-taskname'] === id);

describe('local Cloud Tasks: retries', () => {
  // Backoffs and deadlines run on the server's clock, which moves only when a test advances it.
  const clock = new ManualClock(Date.UTC(2026, 2, 1, 6));
  let fx: Fixture;

  beforeAll(async () => {
    // Deadline handling is tested with a deadline far below Cloud Tasks' 15 s floor.
    fx = await startFixture({ clock, minDispatchDeadlineMs: 0 });
  });
  afterAll(() => fx.stop());

  /** When each attempt of a task started, by the server's clock. */
  const startsOf = (name: string) =>
    fx.events.ofTask(name).flatMap((e) => (e.type === 'attempt-started' ? [e.at] : []));

  it('retries a failing task with backoff until it succeeds, counting retries and executions', async () => {
    const queue = await fx.createQueue('retry-until-ok', { retryConfig: fastRetries(10, 100, 1_000) });
    const statuses = [503, 500, 200];
    fx.receiver.answerWith((request) =>
      request.headers['x-cloudtasks-taskname'] === 'flaky' ? (statuses.shift() ?? 200) : 200,
    );
    const t0 = clock.now();
    await fx.createTask(queue, { id: 'flaky' });
    const name = `${queue}/tasks/flaky`;
    // min_backoff 100 ms, doubling: the first retry 100 ms after the first answer, the second 200 ms after that.
    await fx.events.waitForNth('task-retry-scheduled', name, 1);
    clock.advance(99);
    expect(startsOf(name)).toEqual([t0]);
    clock.advance(1);
    expect(startsOf(name)).toEqual([t0, t0 + 100]);
    await fx.events.waitForNth('task-retry-scheduled', name, 2);
    clock.advance(199);
    expect(startsOf(name)).toEqual([t0, t0 + 100]);
    clock.advance(1);
    expect(startsOf(name)).toEqual([t0, t0 + 100, t0 + 300]);
    await fx.events.waitFor('task-completed', name);
    expect(fx.events.ofTask(name)).toEqual([
      { type: 'attempt-started', task: name, attempt: 1, at: t0 },
      { type: 'attempt-finished', task: name, attempt: 1, outcome: 'HTTP 503', at: t0 },
      { type: 'task-retry-scheduled', task: name, retryAt: t0 + 100 },
      { type: 'attempt-started', task: name, attempt: 2, at: t0 + 100 },
      { type: 'attempt-finished', task: name, attempt: 2, outcome: 'HTTP 500', at: t0 + 100 },
      { type: 'task-retry-scheduled', task: name, retryAt: t0 + 300 },
      { type: 'attempt-started', task: name, attempt: 3, at: t0 + 300 },
      { type: 'attempt-finished', task: name, attempt: 3, outcome: 'HTTP 200', at: t0 + 300 },
      { type: 'task-completed', task: name, attempts: 3 },
    ]);
    const requests = named(fx.receiver.requests, 'flaky');
    expect(requests.map((r) => r.headers['x-cloudtasks-taskretrycount'])).toEqual(['0', '1', '2']);
    // A 503 answer is not an execution; a 500 is.
    expect(requests.map((r) => r.headers['x-cloudtasks-taskexecutioncount'])).toEqual(['0', '0', '1']);
    expect(requests.map((r) => r.headers['x-cloudtasks-taskpreviousresponse'])).toEqual([undefined, '503', '500']);
  }, 15_000);

  it('drops a task after max_attempts failed attempts and keeps its name taken', async () => {
    const queue = await fx.createQueue('give-up', { retryConfig: fastRetries(3) });
    fx.receiver.answerWith((request) => (request.headers['x-cloudtasks-taskname'] === 'hopeless' ? 500 : 200));
    const t0 = clock.now();
    await fx.createTask(queue, { id: 'hopeless' });
    const name = `${queue}/tasks/hopeless`;
    // Backoffs of 20 ms, then 40 ms.
    await expect(fx.events.waitForNth('task-retry-scheduled', name, 1)).resolves.toMatchObject({ retryAt: t0 + 20 });
    clock.advance(20);
    await expect(fx.events.waitForNth('task-retry-scheduled', name, 2)).resolves.toMatchObject({ retryAt: t0 + 60 });
    clock.advance(40);
    const dropped = await fx.events.waitFor('task-dropped', name);
    expect(dropped).toEqual({ type: 'task-dropped', task: name, attempts: 3 });
    expect(startsOf(name)).toEqual([t0, t0 + 20, t0 + 60]);
    expect(named(fx.receiver.requests, 'hopeless').map((r) => r.headers['x-cloudtasks-taskretrycount'])).toEqual([
      '0',
      '1',
      '2',
    ]);
    await expect(fx.client.getTask({ name }, TIMEOUT)).rejects.toMatchObject({ code: 5 });
    await expect(fx.createTask(queue, { id: 'hopeless' })).rejects.toMatchObject({ code: 6 });
  }, 15_000);

  it('keeps retrying without limit when max_attempts is -1', async () => {
    const queue = await fx.createQueue('unlimited', { retryConfig: fastRetries(-1, 5, 20) });
    let failures = 6;
    fx.receiver.answerWith((request) =>
      request.headers['x-cloudtasks-taskname'] === 'stubborn' && failures-- > 0 ? 500 : 200,
    );
    await fx.createTask(queue, { id: 'stubborn' });
    const name = `${queue}/tasks/stubborn`;
    // Six failures, each retried after its backoff: 5 ms doubling twice, then capped at max_backoff 20 ms.
    const backoffs: number[] = [];
    for (let retry = 1; retry <= 6; retry += 1) {
      const { retryAt } = await fx.events.waitForNth('task-retry-scheduled', name, retry);
      backoffs.push(retryAt - clock.now());
      clock.advance(retryAt - clock.now());
    }
    expect(backoffs).toEqual([5, 10, 20, 20, 20, 20]);
    const completed = await fx.events.waitFor('task-completed', name);
    expect(completed.attempts).toBe(7);
    const [queueResource] = await fx.client.getQueue({ name: queue }, TIMEOUT);
    expect(queueResource.retryConfig?.maxAttempts).toBe(-1);
  }, 15_000);

  it('counts an attempt past its dispatch deadline as failed, tears the request down and retries', async () => {
    const queue = await fx.createQueue('deadlines', { retryConfig: fastRetries(5) });
    const never = deferred<number>();
    fx.receiver.answerWith((request) =>
      request.headers['x-cloudtasks-taskname'] === 'slow' && request.headers['x-cloudtasks-taskretrycount'] === '0'
        ? never.promise
        : 200,
    );
    const before = fx.receiver.requests.length;
    const t0 = clock.now();
    await fx.createTask(queue, { id: 'slow', deadlineMs: 200 });
    const name = `${queue}/tasks/slow`;
    // The first attempt has reached the target, which never answers it.
    await fx.receiver.waitForRequests(before + 1);
    clock.advance(199);
    const [pending] = await fx.client.getTask({ name }, TIMEOUT);
    expect(pending.lastAttempt?.responseStatus).toBeFalsy();
    expect(fx.events.ofTask(name)).toEqual([{ type: 'attempt-started', task: name, attempt: 1, at: t0 }]);
    clock.advance(1);
    await expect(fx.events.waitFor('attempt-finished', name)).resolves.toEqual({
      type: 'attempt-finished',
      task: name,
      attempt: 1,
      outcome: 'deadline-exceeded',
      at: t0 + 200,
    });
    // Retried after min_backoff (20 ms) from the deadline.
    await expect(fx.events.waitFor('task-retry-scheduled', name)).resolves.toMatchObject({ retryAt: t0 + 220 });
    clock.advance(20);
    await fx.events.waitFor('task-completed', name);
    expect(startsOf(name)).toEqual([t0, t0 + 220]);
    const outcomes = fx.events.ofTask(name).flatMap((e) => (e.type === 'attempt-finished' ? [e.outcome] : []));
    expect(outcomes).toEqual(['deadline-exceeded', 'HTTP 200']);
    const requests = named(fx.receiver.requests, 'slow');
    expect(requests.map((r) => r.headers['x-cloudtasks-taskretrycount'])).toEqual(['0', '1']);
    await expect(
      withinMs(requests[0]?.ended ?? Promise.reject(new Error('no request')), 5_000, 'the first request to end'),
    ).resolves.toBe('closed-before-answer');
    await expect(
      withinMs(requests[1]?.ended ?? Promise.reject(new Error('no request')), 5_000, 'the retry to end'),
    ).resolves.toBe('answered');
    never.resolve(200);
  }, 15_000);

  it('records the last attempt’s outcome on the task while it waits for a retry', async () => {
    const queue = await fx.createQueue('last-attempt', {
      retryConfig: { ...fastRetries(2), minBackoff: { seconds: 3_600 }, maxBackoff: { seconds: 3_600 } },
    });
    fx.receiver.answerWith((request) => (request.headers['x-cloudtasks-taskname'] === 'inspected' ? 404 : 200));
    const t0 = clock.now();
    await fx.createTask(queue, { id: 'inspected' });
    const name = `${queue}/tasks/inspected`;
    const retry = await fx.events.waitFor('task-retry-scheduled', name);
    expect(retry.retryAt).toBe(t0 + 3_600_000);
    const [task] = await fx.client.getTask({ name }, TIMEOUT);
    expect(task.dispatchCount).toBe(1);
    expect(task.responseCount).toBe(1);
    expect(task.lastAttempt?.responseStatus).toMatchObject({ code: 5, message: 'HTTP status code 404' });
    expect(msOf(task.firstAttempt?.dispatchTime)).toBe(t0);
    expect(msOf(task.lastAttempt?.dispatchTime)).toBe(t0);
    expect(msOf(task.lastAttempt?.responseTime)).toBe(t0);
    expect(msOf(task.scheduleTime)).toBe(t0 + 3_600_000);
    await fx.client.deleteTask({ name }, TIMEOUT);
  }, 15_000);
});
