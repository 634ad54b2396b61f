import type { Express } from 'express';
import request from 'supertest';
import { handleRunCommand } from '../../src/app/runs/handle-run-command';
import { requestRun } from '../../src/app/runs/request-run';
import { manualRunId } from '../../src/domain/run/ids';
import { clearTestDatabase } from '../support/firestore';
import { startTestService, type TestService } from '../support/service';
import { bootstrapAndOnboard, deliver, runEvents } from '../runs/support';
import { maintenanceApp, processQueueCall } from './support/maintenance-app';
import { manualRun, runStatus } from './support/runs';
import { countPipeline, CountingSteps } from './support/step-kinds';

const PIPELINES = ['lost', 'fresh', 'deferred', 'undispatched'];
let counting: CountingSteps;
let service: TestService;
let app: Express;
const T0 = Date.parse('2026-03-10T08:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const undispatchedId = manualRunId('sweep_co', 'crashed_before_dispatch');
let lostId: string;
let deferredId: string;
let freshId: string;

/**
 * A sweep reads every tenant's runs, so each describe runs on a system of its own (an empty database, a new
 * service and step counter), brought in its beforeAll to the minute its title names.
 */
function onAFreshSystem(given: () => Promise<void>): void {
  beforeAll(async () => {
    await clearTestDatabase();
    counting = new CountingSteps();
    service = await startTestService({
      extraPipelines: Object.fromEntries(PIPELINES.map((name) => [`test/sweep/${name}.yml`, countPipeline(name)])),
      extraStepKinds: [counting.kind],
    });
    app = maintenanceApp(service);
    service.setNow(at(0));
    await bootstrapAndOnboard(service, [{ tenantId: 'sweep_co', plan: 'PROFESSIONAL' }]);
    await given();
  });
  afterAll(async () => {
    await service?.stop();
  });
}

/** At 08:00: an undispatched run, a queued run whose task was lost and a deferred run whose deferral was lost. */
async function waitingRuns(): Promise<void> {
  // A run requested by a process that died before dispatching it: no RunQueued, no task.
  await requestRun(
    service.ctx,
    {
      runId: undispatchedId,
      tenantId: 'sweep_co',
      pipeline: { provider: 'test', domain: 'sweep', template: 'undispatched' },
      pipelineId: 'undispatched',
      trigger: 'manual',
      configId: null,
      scheduledTime: at(0).toISOString(),
      date: null,
      parameters: {},
      priority: 5,
      overlapPolicy: 'skip',
      maxAttempts: 1,
      requestedAt: at(0).toISOString(),
    },
    { actor: 'test' },
  );
  // A queued run whose task vanished (taken from the dispatcher and never delivered).
  lostId = (await manualRun(service, 'sweep_co', 'test/sweep/lost')).runId;
  // A run deferred by the gate whose worker died before dispatching the deferral.
  deferredId = (await manualRun(service, 'sweep_co', 'test/sweep/deferred')).runId;
  const gate = {
    tenantStatus: 'ACTIVE',
    limits: { dailyRuns: 25, monthlyRuns: 750, concurrentRuns: 3 },
    runsToday: 0,
    runsThisMonth: 0,
    runningNow: 3,
    usageDay: '2026-03-10',
    usageMonth: '2026-03',
  };
  const deferral = await handleRunCommand(
    service.ctx,
    deferredId,
    'sweep_co',
    async () => ({
      command: {
        type: 'StartRun',
        data: { gate, workerId: 'w', leaseLive: false, deferUntil: at(1).toISOString(), now: at(0).toISOString() },
      },
    }),
    { actor: 'test' },
  );
  expect(deferral.events.map((e) => e.type)).toEqual(['RunDeferred']);
}

/** The waiting runs, then the sweeps at 0.5 min (nothing due) and 1.5 min (the deferral re-dispatched). */
async function sweptAtOneAndAHalf(): Promise<void> {
  await waitingRuns();
  service.setNow(at(0.5));
  expect((await processQueueCall(app, service)).body).toMatchObject({ redispatched: 0 });
  service.setNow(at(1.5));
  expect((await processQueueCall(app, service)).body).toMatchObject({ redispatched: 1 });
  expect(service.dispatcher.take().map((t) => t.taskName)).toEqual([`${deferredId}-g2`]);
}

/** Then a fresh run at 2.5 min, the sweep at 3 min and its replacement tasks delivered. */
async function sweptAtThree(): Promise<void> {
  await sweptAtOneAndAHalf();
  service.setNow(at(2.5));
  freshId = (await manualRun(service, 'sweep_co', 'test/sweep/fresh')).runId;
  service.setNow(at(3));
  expect((await processQueueCall(app, service)).body).toMatchObject({ redispatched: 2 });
  for (const task of service.dispatcher.take())
    expect((await deliver(service, task)).body).toMatchObject({ status: 'succeeded', executed: true });
}

describe('process-queue: given an undispatched, a lost and a deferred run at 08:00', () => {
  onAFreshSystem(waitingRuns);

  it('leaves alone what is not overdue, and refuses callers without service auth', async () => {
    service.setNow(at(0.5));
    const none = await processQueueCall(app, service);
    // Only the deferred run is read (the others changed within the grace period), and its deferral runs to 1 min.
    expect(none.body).toMatchObject({ redispatched: 0, examined: 1 });
    expect(service.dispatcher.take()).toEqual([]);

    service.setNow(at(1.5));
    // The requested and the queued run are within the grace period (not even read); the deferral is due.
    const early = await processQueueCall(app, service);
    expect(early.status).toBe(200);
    expect(early.body).toMatchObject({ redispatched: 1, resumed: 0, timed_out: 0, examined: 1, failures: [] });
    expect(service.dispatcher.take().map((t) => t.taskName)).toEqual([`${deferredId}-g2`]);

    const refused = await request(app)
      .post('/api/v1/scheduler/process-queue')
      .set('Authorization', 'Bearer not-the-service-token')
      .send({});
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('INVALID_SERVICE_TOKEN');
  });
});

describe('process-queue: given those runs swept at 0.5 and 1.5 min', () => {
  onAFreshSystem(sweptAtOneAndAHalf);

  it('re-dispatches, past the grace period, the undispatched run and the lost task as their next generation', async () => {
    service.setNow(at(2.5));
    freshId = (await manualRun(service, 'sweep_co', 'test/sweep/fresh')).runId;
    service.setNow(at(3));
    const res = await processQueueCall(app, service);
    expect(res.status).toBe(200);
    // Read: the undispatched and the lost run (the fresh one and the deferred one, queued again at 1.5 min, are
    // within the grace period).
    expect(res.body).toMatchObject({
      redispatched: 2,
      resumed: 0,
      timed_out: 0,
      retried: 0,
      examined: 2,
      failures: [],
    });
    expect(res.body.duration_ms).toEqual(expect.any(Number));
    const tasks = service.dispatcher.take();
    expect(tasks.map((t) => t.taskName).sort()).toEqual([`${lostId}-g2`, `${undispatchedId}-g1`].sort());
    expect(tasks.every((t) => t.notBefore === null)).toBe(true);
    expect((await runEvents(service, undispatchedId)).map((e) => e.type)).toEqual(['RunRequested', 'RunQueued']);
    expect((await runEvents(service, lostId)).map((e) => e.type)).toEqual(['RunRequested', 'RunQueued', 'RunQueued']);
    expect(await runStatus(service, freshId)).toBe('queued');
    expect((await runEvents(service, freshId)).filter((e) => e.type === 'RunQueued')).toHaveLength(1);

    // The replacement tasks run the pipelines.
    for (const task of tasks)
      expect((await deliver(service, task)).body).toMatchObject({ status: 'succeeded', executed: true });
    expect(counting.count(lostId, 'only')).toBe(1);
    expect(counting.count(undispatchedId, 'only')).toBe(1);
  });
});

describe('process-queue: given those runs swept at 3 min and the replacement tasks delivered', () => {
  onAFreshSystem(sweptAtThree);

  it('a sweep right after finds nothing overdue', async () => {
    const res = await processQueueCall(app, service);
    expect(res.body).toMatchObject({ redispatched: 0, resumed: 0, timed_out: 0, examined: 0 });
    expect(service.dispatcher.take()).toEqual([]);
    // Later, the deferred run re-queued at 1.5 min and the fresh run are overdue in their turn.
    service.setNow(at(5));
    const later = await processQueueCall(app, service);
    expect(later.body).toMatchObject({ redispatched: 2, examined: 2 });
    expect(
      service.dispatcher
        .take()
        .map((t) => t.taskName)
        .sort(),
    ).toEqual([`${deferredId}-g3`, `${freshId}-g2`].sort());
  });
});
