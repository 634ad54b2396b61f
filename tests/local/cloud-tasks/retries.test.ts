import { deferred, withinMs } from './support/deadline';
import { TIMEOUT, fastRetries, msOf, startFixture, type Fixture } from './support/fixture';
import type { ReceivedRequest } from './support/receiver';

const named = (requests: readonly ReceivedRequest[], id: string) =>
  requests.filter((r) => r.headers['x-cloudtasks-taskname'] === id);

describe('local Cloud Tasks: retries', () => {
  let fx: Fixture;

  beforeAll(async () => {
    // Deadline handling is tested with a deadline far below Cloud Tasks' 15 s floor.
    fx = await startFixture({ minDispatchDeadlineMs: 0 });
  });
  afterAll(() => fx.stop());

  it('retries a failing task with backoff until it succeeds, counting retries and executions', async () => {
    const queue = await fx.createQueue('retry-until-ok', { retryConfig: fastRetries(10, 100, 1_000) });
    const statuses = [503, 500, 200];
    fx.receiver.answerWith((request) =>
      request.headers['x-cloudtasks-taskname'] === 'flaky' ? (statuses.shift() ?? 200) : 200,
    );
    await fx.createTask(queue, { id: 'flaky' });
    const name = `${queue}/tasks/flaky`;
    await fx.events.waitFor('task-completed', name);
    const requests = named(fx.receiver.requests, 'flaky');
    expect(requests.map((r) => r.headers['x-cloudtasks-taskretrycount'])).toEqual(['0', '1', '2']);
    // A 503 answer is not an execution; a 500 is.
    expect(requests.map((r) => r.headers['x-cloudtasks-taskexecutioncount'])).toEqual(['0', '0', '1']);
    expect(requests.map((r) => r.headers['x-cloudtasks-taskpreviousresponse'])).toEqual([undefined, '503', '500']);
    const events = fx.events.ofTask(name);
    const finished = events.filter((e) => e.type === 'attempt-finished').map((e) => e.at);
    const started = events.filter((e) => e.type === 'attempt-started').map((e) => e.at);
    expect(started).toHaveLength(3);
    // min_backoff 100 ms, one doubling: at least 100 ms, then 200 ms between an answer and the next attempt.
    expect((started[1] as number) - (finished[0] as number)).toBeGreaterThanOrEqual(100);
    expect((started[2] as number) - (finished[1] as number)).toBeGreaterThanOrEqual(200);
  }, 15_000);

  it('drops a task after max_attempts failed attempts and keeps its name taken', async () => {
    const queue = await fx.createQueue('give-up', { retryConfig: fastRetries(3) });
    fx.receiver.answerWith((request) => (request.headers['x-cloudtasks-taskname'] === 'hopeless' ? 500 : 200));
    await fx.createTask(queue, { id: 'hopeless' });
    const name = `${queue}/tasks/hopeless`;
    const dropped = await fx.events.waitFor('task-dropped', name);
    expect(dropped.attempts).toBe(3);
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
    const completed = await fx.events.waitFor('task-completed', `${queue}/tasks/stubborn`);
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
    await fx.createTask(queue, { id: 'slow', deadlineMs: 200 });
    const name = `${queue}/tasks/slow`;
    await fx.events.waitFor('task-completed', name);
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
    const [started] = fx.events.ofTask(name).filter((e) => e.type === 'attempt-started');
    const [timedOut] = fx.events.ofTask(name).filter((e) => e.type === 'attempt-finished');
    expect((timedOut?.at ?? 0) - (started?.at ?? 0)).toBeGreaterThanOrEqual(200);
    never.resolve(200);
  }, 15_000);

  it('records the last attempt’s outcome on the task while it waits for a retry', async () => {
    const queue = await fx.createQueue('last-attempt', {
      retryConfig: { ...fastRetries(2), minBackoff: { seconds: 3_600 }, maxBackoff: { seconds: 3_600 } },
    });
    fx.receiver.answerWith((request) => (request.headers['x-cloudtasks-taskname'] === 'inspected' ? 404 : 200));
    await fx.createTask(queue, { id: 'inspected' });
    const name = `${queue}/tasks/inspected`;
    const retry = await fx.events.waitFor('task-retry-scheduled', name);
    const [task] = await fx.client.getTask({ name }, TIMEOUT);
    expect(task.dispatchCount).toBe(1);
    expect(task.responseCount).toBe(1);
    expect(task.lastAttempt?.responseStatus).toMatchObject({ code: 5, message: 'HTTP status code 404' });
    expect(task.firstAttempt?.dispatchTime?.seconds).toBe(task.lastAttempt?.dispatchTime?.seconds);
    expect(msOf(task.scheduleTime)).toBe(retry.retryAt);
    await fx.client.deleteTask({ name }, TIMEOUT);
  }, 15_000);
});
