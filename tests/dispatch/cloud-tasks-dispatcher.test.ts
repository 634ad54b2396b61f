import * as E from 'fp-ts/Either';
import {
  createCloudTasksClient,
  createCloudTasksDispatcher,
  decodeDispatchConfig,
  parseEndpoint,
  type DispatchConfig,
  type Dispatcher,
} from '../../src/dispatch';
import { startLocalCloudTasks } from '../../src/local/cloud-tasks';
import { runInTrace } from '../../src/observability/current-trace';
import { PARENT, TIMEOUT, startFixture, type Fixture } from '../local/cloud-tasks/support/fixture';
import { ManualClock } from '../local/cloud-tasks/support/manual-clock';

const TOKEN = 'local-service-token-0123456789abcdefghij';
const SERVICE_ACCOUNT = 'tasks@convergence-local.iam.gserviceaccount.com';
const run = (schedule: string) => `acme_corp--daily_costs--${schedule}`;

const HOUR = 3_600_000;

describe('Cloud Tasks dispatcher against the local server', () => {
  // The server and the adapter share one clock that moves only when a test advances it.
  const clock = new ManualClock(Date.UTC(2026, 2, 1, 6));
  let fx: Fixture;
  const dispatchers: Dispatcher[] = [];

  beforeAll(async () => {
    // The local server cannot ask Google for an OIDC token; it mints a recognisable stand-in instead.
    fx = await startFixture({ clock, oidcToken: ({ audience }) => `minted-for-${audience}` });
  });
  afterAll(async () => {
    await Promise.all(dispatchers.map((dispatcher) => dispatcher.close()));
    await fx.stop();
  });

  function configFor(queue: string, overrides: Record<string, unknown> = {}): DispatchConfig {
    const decoded = decodeDispatchConfig({
      projectId: 'convergence-local',
      location: 'local',
      queue,
      serviceUrl: fx.receiver.url,
      auth: { mode: 'shared-secret', token: TOKEN },
      requestTimeoutMs: 5_000,
      queueSettings: {
        retry: { maxAttempts: 4, minBackoffSeconds: 0.02, maxBackoffSeconds: 0.1, maxDoublings: 2 },
        rateLimits: { maxDispatchesPerSecond: 50, maxConcurrentDispatches: 5 },
      },
      ...overrides,
    });
    if (E.isLeft(decoded)) throw decoded.left;
    return decoded.right;
  }

  function dispatcherFor(config: DispatchConfig, address = fx.server.address): Dispatcher {
    const dispatcher = createCloudTasksDispatcher({
      config,
      client: createCloudTasksClient({ endpoint: parseEndpoint(address) }),
      now: () => new Date(clock.now()),
    });
    dispatchers.push(dispatcher);
    return dispatcher;
  }

  const requestsFor = (taskId: string) =>
    fx.receiver.requests.filter((r) => r.headers['x-cloudtasks-taskname'] === taskId);

  it('creates the queue with the configured retry and rate settings, once', async () => {
    const dispatcher = dispatcherFor(configFor('runs-ensure'));
    await expect(dispatcher.ensureQueue()).resolves.toEqual({
      queueName: `${PARENT}/queues/runs-ensure`,
      created: true,
      mismatches: [],
    });
    const [queue] = await fx.client.getQueue({ name: `${PARENT}/queues/runs-ensure` }, TIMEOUT);
    expect(queue.retryConfig).toMatchObject({
      maxAttempts: 4,
      minBackoff: { seconds: '0', nanos: 20_000_000 },
      maxBackoff: { seconds: '0', nanos: 100_000_000 },
      maxDoublings: 2,
    });
    expect(queue.rateLimits).toMatchObject({ maxDispatchesPerSecond: 50, maxConcurrentDispatches: 5 });
    await expect(dispatcher.ensureQueue()).resolves.toEqual({
      queueName: `${PARENT}/queues/runs-ensure`,
      created: false,
      mismatches: [],
    });
  }, 15_000);

  it('leaves an existing queue as it is and reports how it differs', async () => {
    await fx.createQueue('runs-drifted', { rateLimits: { maxConcurrentDispatches: 7 } });
    const result = await dispatcherFor(configFor('runs-drifted')).ensureQueue();
    expect(result.created).toBe(false);
    expect(result.mismatches).toEqual(
      expect.arrayContaining([
        'retryConfig.maxAttempts',
        'rateLimits.maxConcurrentDispatches',
        'rateLimits.maxDispatchesPerSecond',
      ]),
    );
    const [queue] = await fx.client.getQueue({ name: `${PARENT}/queues/runs-drifted` }, TIMEOUT);
    expect(queue.rateLimits?.maxConcurrentDispatches).toBe(7);
  }, 15_000);

  it('delivers one POST of the ids to /tasks/runs/execute with the shared secret', async () => {
    const dispatcher = dispatcherFor(configFor('runs-deliver'));
    await dispatcher.ensureQueue();
    const result = await dispatcher.dispatchRun({ runId: run('20260301T0600Z'), tenantId: 'acme_corp', generation: 1 });
    expect(result).toEqual({
      taskId: `${run('20260301T0600Z')}-g1`,
      taskName: `${PARENT}/queues/runs-deliver/tasks/${run('20260301T0600Z')}-g1`,
      created: true,
    });
    await fx.events.waitFor('task-completed', result.taskName);
    const [request, ...more] = requestsFor(result.taskId);
    expect(more).toEqual([]);
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/tasks/runs/execute');
    expect(request?.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
      'x-cloudtasks-queuename': 'runs-deliver',
    });
    expect(JSON.parse(request?.body ?? '')).toEqual({
      run_id: run('20260301T0600Z'),
      tenant_id: 'acme_corp',
      generation: 1,
    });
  }, 15_000);

  it("carries the dispatching request's trace as the task's traceparent (same trace, a new span)", async () => {
    const dispatcher = dispatcherFor(configFor('runs-traced'));
    await dispatcher.ensureQueue();
    const trace = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', sampled: true };
    const traced = await runInTrace(trace, () =>
      dispatcher.dispatchRun({ runId: run('20260301T0615Z'), tenantId: 'acme_corp', generation: 1 }),
    );
    const untraced = await dispatcher.dispatchRun({
      runId: run('20260301T0630Z'),
      tenantId: 'acme_corp',
      generation: 1,
    });
    await fx.events.waitFor('task-completed', traced.taskName);
    await fx.events.waitFor('task-completed', untraced.taskName);
    const header = requestsFor(traced.taskId)[0]?.headers.traceparent;
    expect(header).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(header).not.toContain(trace.spanId);
    expect(requestsFor(untraced.taskId)[0]?.headers.traceparent).toBeUndefined();
  }, 15_000);

  it('treats a repeated dispatch as done (created: false) before and after delivery; a new generation is a new task', async () => {
    const dispatcher = dispatcherFor(configFor('runs-dedup'));
    await dispatcher.ensureQueue();
    const request = {
      runId: run('20260301T0700Z'),
      tenantId: 'acme_corp',
      generation: 1,
      scheduleTime: new Date(clock.now() + 200),
    };
    const [first, second] = await Promise.all([dispatcher.dispatchRun(request), dispatcher.dispatchRun(request)]);
    expect([first?.created, second?.created].sort()).toEqual([false, true]);
    // Before delivery: the task still waits for its schedule time.
    await expect(dispatcher.dispatchRun(request)).resolves.toMatchObject({ created: false });
    expect(fx.events.ofTask(first?.taskName ?? '')).toEqual([]);
    clock.advance(200);
    await fx.events.waitFor('task-completed', first?.taskName ?? '');
    await expect(dispatcher.dispatchRun(request)).resolves.toMatchObject({ created: false });
    expect(requestsFor(`${request.runId}-g1`)).toHaveLength(1);
    const next = await dispatcher.dispatchRun({ ...request, generation: 2, scheduleTime: undefined });
    expect(next).toMatchObject({ taskId: `${request.runId}-g2`, created: true });
    await fx.events.waitFor('task-completed', next.taskName);
    expect(requestsFor(`${request.runId}-g2`).map((r) => JSON.parse(r.body).generation)).toEqual([2]);
  }, 15_000);

  it('holds a deferred dispatch until its schedule time', async () => {
    const dispatcher = dispatcherFor(configFor('runs-deferred'));
    await dispatcher.ensureQueue();
    const notBefore = clock.now() + 300;
    const result = await dispatcher.dispatchRun({
      runId: run('20260301T0800Z'),
      tenantId: 'acme_corp',
      generation: 1,
      scheduleTime: new Date(notBefore),
    });
    clock.advance(299);
    const [waiting] = await fx.client.getTask({ name: result.taskName }, TIMEOUT);
    expect(waiting.dispatchCount).toBe(0);
    expect(fx.events.ofTask(result.taskName)).toEqual([]);
    clock.advance(1);
    expect(fx.events.ofTask(result.taskName)).toEqual([
      { type: 'attempt-started', task: result.taskName, attempt: 1, at: notBefore },
    ]);
    await fx.events.waitFor('task-completed', result.taskName);
    const requests = requestsFor(result.taskId);
    expect(requests).toHaveLength(1);
    expect(Math.round(Number(requests[0]?.headers['x-cloudtasks-tasketa']) * 1000)).toBe(notBefore);
  }, 15_000);

  it('is retried by the queue’s retry settings when the executor fails', async () => {
    const dispatcher = dispatcherFor(configFor('runs-retried'));
    await dispatcher.ensureQueue();
    const taskId = `${run('20260301T0900Z')}-g1`;
    let failures = 2;
    fx.receiver.answerWith((r) => (r.headers['x-cloudtasks-taskname'] === taskId && failures-- > 0 ? 500 : 200));
    const t0 = clock.now();
    const result = await dispatcher.dispatchRun({ runId: run('20260301T0900Z'), tenantId: 'acme_corp', generation: 1 });
    // The configured backoff: 20 ms, doubled to 40 ms.
    await expect(fx.events.waitForNth('task-retry-scheduled', result.taskName, 1)).resolves.toMatchObject({
      retryAt: t0 + 20,
    });
    clock.advance(20);
    await expect(fx.events.waitForNth('task-retry-scheduled', result.taskName, 2)).resolves.toMatchObject({
      retryAt: t0 + 60,
    });
    clock.advance(40);
    await fx.events.waitFor('task-completed', result.taskName);
    expect(fx.events.ofTask(result.taskName).flatMap((e) => (e.type === 'attempt-started' ? [e.at - t0] : []))).toEqual(
      [0, 20, 60],
    );
    expect(requestsFor(taskId).map((r) => r.headers['x-cloudtasks-taskretrycount'])).toEqual(['0', '1', '2']);
    fx.receiver.answerWith(() => 200);
  }, 15_000);

  it('puts OIDC token settings on the task in production mode, and no Authorization header', async () => {
    const config = configFor('runs-oidc', {
      auth: { mode: 'oidc', serviceAccountEmail: SERVICE_ACCOUNT, audience: 'https://convergence.example.run.app' },
    });
    const dispatcher = dispatcherFor(config);
    await dispatcher.ensureQueue();
    const result = await dispatcher.dispatchRun({
      runId: run('20260301T1000Z'),
      tenantId: 'acme_corp',
      generation: 1,
      scheduleTime: new Date(clock.now() + HOUR),
    });
    const [task] = await fx.client.getTask({ name: result.taskName, responseView: 'FULL' }, TIMEOUT);
    expect(task.httpRequest?.oidcToken).toEqual({
      serviceAccountEmail: SERVICE_ACCOUNT,
      audience: 'https://convergence.example.run.app',
    });
    expect(task.httpRequest?.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(task.dispatchDeadline).toMatchObject({ seconds: '600' });
    // Delivered now: the server adds the bearer token it made for those settings.
    await fx.client.runTask({ name: result.taskName }, TIMEOUT);
    await fx.events.waitFor('task-completed', result.taskName);
    expect(requestsFor(result.taskId)[0]?.headers.authorization).toBe(
      'Bearer minted-for-https://convergence.example.run.app',
    );
  }, 15_000);

  it('cancels a waiting dispatch, and reports a gone one as not deleted', async () => {
    const dispatcher = dispatcherFor(configFor('runs-cancel'));
    await dispatcher.ensureQueue();
    const request = {
      runId: run('20260301T1100Z'),
      tenantId: 'acme_corp',
      generation: 1,
      scheduleTime: new Date(clock.now() + HOUR),
    };
    const { taskName } = await dispatcher.dispatchRun(request);
    await expect(dispatcher.cancelDispatch(request)).resolves.toEqual({ taskName, deleted: true });
    await expect(fx.client.getTask({ name: taskName }, TIMEOUT)).rejects.toMatchObject({ code: 5 });
    await expect(dispatcher.cancelDispatch(request)).resolves.toEqual({ taskName, deleted: false });
    // The name stays taken: a late repeat of the cancelled dispatch does not bring it back.
    await expect(dispatcher.dispatchRun(request)).resolves.toMatchObject({ created: false });
  }, 15_000);

  it('fails with typed errors: missing queue, bad request, unreachable service', async () => {
    const missing = dispatcherFor(configFor('runs-never-created'));
    await expect(
      missing.dispatchRun({ runId: run('20260301T1200Z'), tenantId: 'acme_corp', generation: 1 }),
    ).rejects.toMatchObject({ code: 'QUEUE_NOT_FOUND', retryable: false });
    await expect(missing.dispatchRun({ runId: 'nope', tenantId: 'acme_corp', generation: 1 })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
    const gone = await startLocalCloudTasks();
    const address = gone.address;
    await gone.stop();
    const unreachable = dispatcherFor(configFor('runs-unreachable', { requestTimeoutMs: 2_000 }), address);
    await expect(
      unreachable.dispatchRun({ runId: run('20260301T1300Z'), tenantId: 'acme_corp', generation: 1 }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE', retryable: true });
  }, 20_000);
});
