import request from 'supertest';
import { Arrivals } from '../support/arrivals';
import { startTestService, type TestService } from '../support/service';
import { HOLD_PIPELINE, HoldSteps } from './hold-step';
import { admin, bootstrapAndOnboard, createSchedule, deliver, onboardTenants, runEvents, trigger } from './support';

const hold = new HoldSteps();
let service: TestService;
beforeAll(async () => {
  service = await startTestService({
    extraPipelines: { 'test/runs/hold.yml': HOLD_PIPELINE },
    extraStepKinds: [hold.kind],
  });
  await bootstrapAndOnboard(service, []);
});
// Each test onboards its own tenant and sets its own clock; it counts the tasks it dispatched itself.
beforeEach(() => {
  service.dispatcher.take();
});
afterAll(async () => {
  hold.releaseAll();
  await service?.stop();
});

const manualRun = (tenantId: string, pipeline = 'demo/health/warehouse_check') =>
  request(service.app).post(`/api/v1/pipelines/run/${tenantId}/${pipeline}`).set(admin(service)).send({});

async function runToEnd(tenantId: string): Promise<string> {
  const started = await manualRun(tenantId);
  expect(started.status).toBe(202);
  const tasks = service.dispatcher.take();
  expect(tasks).toHaveLength(1);
  const executed = await deliver(service, tasks[0] as { runId: string; tenantId: string });
  return executed.body.status as string;
}

describe('quota-gated execution', () => {
  it('STARTER: 8 runs in one day → 6 succeed, 2 are rejected with DAILY_QUOTA_EXCEEDED', async () => {
    service.setNow(new Date('2026-03-10T08:00:00Z'));
    await onboardTenants(service, [{ tenantId: 'starter_daily', plan: 'STARTER' }]);
    const outcomes: string[] = [];
    for (let i = 0; i < 8; i += 1) outcomes.push(await runToEnd('starter_daily'));
    expect(outcomes).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
      'rejected',
      'rejected',
    ]);
    const runs = await request(service.app)
      .get('/api/v1/pipelines/runs')
      .query({ tenant_id: 'starter_daily', status: 'rejected' })
      .set(admin(service));
    expect(runs.body.runs).toHaveLength(2);
    expect(runs.body.runs.map((r: { error: { code: string } }) => r.error.code)).toEqual([
      'DAILY_QUOTA_EXCEEDED',
      'DAILY_QUOTA_EXCEEDED',
    ]);
  });

  it('STARTER: a scheduled run over the daily limit is rejected like a manual one', async () => {
    service.setNow(new Date('2026-03-12T07:00:00Z'));
    await onboardTenants(service, [{ tenantId: 'starter_scheduled', plan: 'STARTER' }]);
    for (let i = 0; i < 6; i += 1) expect(await runToEnd('starter_scheduled')).toBe('succeeded');
    await createSchedule(service, 'starter_scheduled', {
      config_id: 'hourly_check',
      provider: 'demo',
      domain: 'health',
      template: 'warehouse_check',
      schedule_cron: '0 * * * *',
      timezone: 'UTC',
    });
    service.setNow(new Date('2026-03-12T08:00:05Z'));
    const triggered = await trigger(service, '2026-03-12T08:00:00Z');
    expect(triggered.body).toMatchObject({ triggered: 1, queued: 1 });
    const [task, ...others] = service.dispatcher.take();
    expect(others).toEqual([]);
    expect((await deliver(service, task as { runId: string; tenantId: string })).body.status).toBe('rejected');
    const events = await runEvents(service, (task as { runId: string }).runId);
    expect(events.map((event) => event.type)).toEqual(['RunRequested', 'RunQueued', 'RunRejected']);
    expect(events.at(-1)?.data).toEqual({
      code: 'DAILY_QUOTA_EXCEEDED',
      message: 'Daily limit of 6 runs reached (2026-03-12)',
      rejectedAt: '2026-03-12T08:00:05.000Z',
    });
  });
});

describe('given a STARTER tenant that ran its 6 runs on each of the first 30 days of March (180, its monthly limit)', () => {
  beforeAll(async () => {
    await onboardTenants(service, [{ tenantId: 'monthly_co', plan: 'STARTER' }]);
    for (let day = 1; day <= 30; day += 1) {
      service.setNow(new Date(`2026-03-${String(day).padStart(2, '0')}T08:00:00Z`));
      for (let run = 0; run < 6; run += 1) expect(await runToEnd('monthly_co')).toBe('succeeded');
    }
  }, 180_000);

  it('rejects the first run of March 31, a fresh day, with MONTHLY_QUOTA_EXCEEDED', async () => {
    service.setNow(new Date('2026-03-31T08:00:00Z'));
    expect(await runToEnd('monthly_co')).toBe('rejected');
    const rejected = await request(service.app)
      .get('/api/v1/pipelines/runs')
      .query({ tenant_id: 'monthly_co', status: 'rejected' })
      .set(admin(service));
    expect(rejected.body.runs.map((run: { error: { code: string } }) => run.error.code)).toEqual([
      'MONTHLY_QUOTA_EXCEEDED',
    ]);
  });
});

describe('concurrency-gated execution', () => {
  it('PROFESSIONAL: 5 runs at once → 3 run, 2 are deferred (never dropped) and complete later', async () => {
    service.setNow(new Date('2026-03-10T09:00:00Z'));
    await onboardTenants(service, [{ tenantId: 'pro_co', plan: 'PROFESSIONAL' }]);
    await createSchedule(service, 'pro_co', {
      provider: 'test',
      domain: 'runs',
      template: 'hold',
      config_id: 'hold',
      schedule_cron: '0 0 1 1 *',
      overlap_policy: 'allow',
      is_active: false,
    });
    for (let i = 0; i < 5; i += 1) expect((await manualRun('pro_co', 'test/runs/hold')).status).toBe(202);
    const first = service.dispatcher.take();
    expect(first).toHaveLength(5);
    const answered = new Arrivals<string>();
    const deliveries = first.map((task) =>
      deliver(service, task).then((r) => {
        if (r.status !== 200) throw new Error(`delivery failed: ${r.status} ${JSON.stringify(r.body)}`);
        answered.push(r.body.status);
        return r;
      }),
    );
    // Three hold their slots; the other two come back deferred meanwhile (a failed delivery fails the wait).
    await Promise.race([Promise.all([hold.untilHeld(3), answered.until(2)]), Promise.all(deliveries)]);
    expect(answered.items).toEqual(['deferred', 'deferred']);
    const deferred = service.dispatcher.take();
    expect(deferred).toHaveLength(2);
    // The clock is fixed: the first deferral waits the base delay (1 s in the test service) from now.
    expect(deferred.map((task) => task.notBefore?.toISOString())).toEqual([
      '2026-03-10T09:00:01.000Z',
      '2026-03-10T09:00:01.000Z',
    ]);
    hold.releaseAll();
    const answers = (await Promise.all(deliveries)).map((r) => r.body.status).sort();
    expect(answers).toEqual(['deferred', 'deferred', 'succeeded', 'succeeded', 'succeeded']);
    // The deferred runs are re-delivered (as Cloud Tasks would at notBefore) and now find free slots.
    const later = deferred.map((task) => deliver(service, task));
    await hold.untilHeld(5);
    hold.releaseAll();
    expect((await Promise.all(later)).map((r) => r.body.status)).toEqual(['succeeded', 'succeeded']);
    for (const task of [...first, ...deferred])
      expect((await runEvents(service, task.runId)).at(-1)?.type).toBe('RunSucceeded');
  });
});
