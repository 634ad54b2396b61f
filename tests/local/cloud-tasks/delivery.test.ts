import { PARENT, TIMEOUT, msOf, startFixture, type Fixture } from './support/fixture';
import { ManualClock } from './support/manual-clock';

const HOUR = 3_600_000;

describe('local Cloud Tasks: delivering HTTP tasks', () => {
  // The server's time moves only when a test advances it: schedule times are exact, nothing waits on a timer.
  const clock = new ManualClock(Date.UTC(2026, 2, 1, 6));
  let fx: Fixture;
  let queue: string;

  beforeAll(async () => {
    fx = await startFixture({ clock });
    queue = await fx.createQueue('delivery');
  });
  afterAll(() => fx.stop());

  it('delivers a task once, with its method, body, headers and the Cloud Tasks headers, then deletes it', async () => {
    const created = await fx.createTask(queue, { id: 'deliver-once', body: '{"hello":"world"}', path: '/hooks/one' });
    const name = `${queue}/tasks/deliver-once`;
    expect(created.name).toBe(name);
    expect(created.dispatchCount).toBe(0);
    // Unscheduled: due at once, at the server's current time.
    expect(msOf(created.scheduleTime)).toBe(clock.now());
    await fx.events.waitFor('task-completed', name);
    const mine = fx.receiver.requests.filter((r) => r.headers['x-cloudtasks-taskname'] === 'deliver-once');
    expect(mine).toHaveLength(1);
    const [request] = mine;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/hooks/one');
    expect(request?.body).toBe('{"hello":"world"}');
    expect(request?.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Google-Cloud-Tasks',
      'x-cloudtasks-queuename': 'delivery',
      'x-cloudtasks-taskname': 'deliver-once',
      'x-cloudtasks-taskretrycount': '0',
      'x-cloudtasks-taskexecutioncount': '0',
    });
    expect(Math.round(Number(request?.headers['x-cloudtasks-tasketa']) * 1000)).toBe(msOf(created.scheduleTime));
    expect(request?.headers['x-cloudtasks-taskpreviousresponse']).toBeUndefined();
    await expect(fx.client.getTask({ name }, TIMEOUT)).rejects.toMatchObject({ code: 5 });
  }, 15_000);

  it('names a task itself when the request does not, never reusing a name', async () => {
    const [first, second] = await Promise.all([
      fx.createTask(queue, { scheduleTime: new Date(clock.now() + HOUR) }),
      fx.createTask(queue, { scheduleTime: new Date(clock.now() + HOUR) }),
    ]);
    expect(first?.name).toMatch(new RegExp(`^${queue}/tasks/\\d{19}$`));
    expect(second?.name).toMatch(new RegExp(`^${queue}/tasks/\\d{19}$`));
    expect(first?.name).not.toBe(second?.name);
    await fx.client.deleteTask({ name: first?.name }, TIMEOUT);
    await fx.client.deleteTask({ name: second?.name }, TIMEOUT);
  }, 15_000);

  it('holds a task until its schedule time', async () => {
    const name = `${queue}/tasks/scheduled`;
    const notBefore = clock.now() + 300;
    const created = await fx.createTask(queue, { id: 'scheduled', scheduleTime: new Date(notBefore) });
    expect(msOf(created.scheduleTime)).toBe(notBefore);
    clock.advance(299);
    // A round trip to the server gives an attempt started too early every chance to show.
    const [waiting] = await fx.client.getTask({ name }, TIMEOUT);
    expect(waiting.dispatchCount).toBe(0);
    expect(fx.events.ofTask(name)).toEqual([]);
    clock.advance(1);
    expect(fx.events.ofTask(name)).toEqual([{ type: 'attempt-started', task: name, attempt: 1, at: notBefore }]);
    await fx.events.waitFor('task-completed', name);
    expect(fx.events.ofTask(name)).toEqual([
      { type: 'attempt-started', task: name, attempt: 1, at: notBefore },
      { type: 'attempt-finished', task: name, attempt: 1, outcome: 'HTTP 200', at: notBefore },
      { type: 'task-completed', task: name, attempts: 1 },
    ]);
    const requests = fx.receiver.requests.filter((r) => r.headers['x-cloudtasks-taskname'] === 'scheduled');
    expect(requests).toHaveLength(1);
    expect(Math.round(Number(requests[0]?.headers['x-cloudtasks-tasketa']) * 1000)).toBe(notBefore);
  }, 15_000);

  it('answers GetTask in the BASIC view without the body and in the FULL view with it', async () => {
    await fx.createTask(queue, {
      id: 'views',
      body: '{"secret":"payload"}',
      scheduleTime: new Date(clock.now() + HOUR),
    });
    const name = `${queue}/tasks/views`;
    const [basic] = await fx.client.getTask({ name }, TIMEOUT);
    expect(basic.view).toBe('BASIC');
    expect(basic.httpRequest?.url).toBe(`${fx.receiver.url}/work`);
    expect(basic.httpRequest?.httpMethod).toBe('POST');
    expect(basic.httpRequest?.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(Buffer.from(basic.httpRequest?.body ?? []).length).toBe(0);
    const [full] = await fx.client.getTask({ name, responseView: 'FULL' }, TIMEOUT);
    expect(full.view).toBe('FULL');
    expect(Buffer.from(full.httpRequest?.body ?? []).toString()).toBe('{"secret":"payload"}');
    expect(full.dispatchDeadline?.seconds).toBe('600');
    await fx.client.deleteTask({ name }, TIMEOUT);
  }, 15_000);

  it('lists a queue’s tasks page by page', async () => {
    const listed = await fx.createQueue('listing');
    const later = clock.now() + HOUR;
    for (let index = 0; index < 5; index += 1)
      await fx.createTask(listed, { id: `t${index}`, scheduleTime: new Date(later + index * 1000) });
    const [page1, , response1] = await fx.client.listTasks(
      { parent: listed, pageSize: 2 },
      { ...TIMEOUT, autoPaginate: false },
    );
    expect(page1.map((t) => t.name)).toEqual([`${listed}/tasks/t0`, `${listed}/tasks/t1`]);
    expect(response1?.nextPageToken).not.toBe('');
    const all: string[] = [];
    let pageToken = '';
    let pages = 0;
    do {
      const [tasks, , response] = await fx.client.listTasks(
        { parent: listed, pageSize: 2, pageToken },
        { ...TIMEOUT, autoPaginate: false },
      );
      all.push(...tasks.map((t) => t.name?.split('/').pop() ?? ''));
      pageToken = response?.nextPageToken ?? '';
      pages += 1;
    } while (pageToken !== '' && pages < 10);
    expect(pages).toBe(3);
    expect(all).toEqual(['t0', 't1', 't2', 't3', 't4']);
    await expect(fx.client.listTasks({ parent: `${PARENT}/queues/missing` }, TIMEOUT)).rejects.toMatchObject({
      code: 5,
    });
  }, 15_000);

  it('deletes a waiting task so it is never delivered, and refuses to delete it twice', async () => {
    const name = `${queue}/tasks/deleted`;
    const after = `${queue}/tasks/after-deleted`;
    const createdAt = clock.now();
    await fx.createTask(queue, { id: 'deleted', scheduleTime: new Date(createdAt + 200) });
    // A task due after it: had the deleted one survived, the queue would have sent it first.
    await fx.createTask(queue, { id: 'after-deleted', scheduleTime: new Date(createdAt + 300) });
    await fx.client.deleteTask({ name }, TIMEOUT);
    await expect(fx.client.getTask({ name }, TIMEOUT)).rejects.toMatchObject({ code: 5 });
    await expect(fx.client.deleteTask({ name }, TIMEOUT)).rejects.toMatchObject({ code: 5 });
    clock.advance(200);
    const [stillWaiting] = await fx.client.getTask({ name: after }, TIMEOUT);
    expect(stillWaiting.dispatchCount).toBe(0);
    expect(fx.events.ofTask(name)).toEqual([]);
    expect(fx.events.ofTask(after)).toEqual([]);
    clock.advance(100);
    await fx.events.waitFor('task-completed', after);
    expect(fx.events.ofTask(after)[0]).toEqual({
      type: 'attempt-started',
      task: after,
      attempt: 1,
      at: createdAt + 300,
    });
    expect(fx.receiver.requests.filter((r) => r.headers['x-cloudtasks-taskname'] === 'deleted')).toHaveLength(0);
    expect(fx.events.ofTask(name)).toEqual([]);
  }, 15_000);

  it('RunTask dispatches a future task at once and answers it as dispatched', async () => {
    await fx.createTask(queue, { id: 'run-now', scheduleTime: new Date(clock.now() + HOUR) });
    const name = `${queue}/tasks/run-now`;
    const [ran] = await fx.client.runTask({ name }, TIMEOUT);
    expect(ran.dispatchCount).toBe(1);
    expect(ran.lastAttempt?.dispatchTime?.seconds).toBeTruthy();
    expect(ran.lastAttempt?.responseTime).toBeFalsy();
    await fx.events.waitFor('task-completed', name);
    expect(fx.receiver.requests.filter((r) => r.headers['x-cloudtasks-taskname'] === 'run-now')).toHaveLength(1);
    await expect(fx.client.runTask({ name }, TIMEOUT)).rejects.toMatchObject({ code: 5 });
  }, 15_000);
});
