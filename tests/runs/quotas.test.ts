import request from 'supertest';
import { Arrivals } from '../support/arrivals';
import { startTestService, type TestService } from '../support/service';
import { HOLD_PIPELINE, HoldSteps } from './hold-step';
import { admin, bootstrapAndOnboard, createSchedule, deliver, runEvents } from './support';

const hold = new HoldSteps();
let service: TestService;
beforeAll(async () => {
  service = await startTestService({
    extraPipelines: { 'test/runs/hold.yml': HOLD_PIPELINE },
    extraStepKinds: [hold.kind],
  });
  service.setNow(new Date('2026-03-10T08:00:00Z'));
  await bootstrapAndOnboard(service, [
    { tenantId: 'starter_co', plan: 'STARTER' },
    { tenantId: 'pro_co', plan: 'PROFESSIONAL' },
  ]);
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
    const outcomes: string[] = [];
    for (let i = 0; i < 8; i += 1) outcomes.push(await runToEnd('starter_co'));
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
      .query({ tenant_id: 'starter_co', status: 'rejected' })
      .set(admin(service));
    expect(runs.body.runs).toHaveLength(2);
    expect(runs.body.runs.map((r: { error: { code: string } }) => r.error.code)).toEqual([
      'DAILY_QUOTA_EXCEEDED',
      'DAILY_QUOTA_EXCEEDED',
    ]);
  });

  it('STARTER: the monthly limit holds across days', async () => {
    // 180 runs this month already (as the gate counts them), on another day: the next run is refused for the month.
    await service.ctx.db.doc('usage_monthly/starter_co__2026-03').set({ runs: 180 }, { merge: true });
    service.setNow(new Date('2026-03-11T08:00:00Z'));
    expect(await runToEnd('starter_co')).toBe('rejected');
    const rejected = await request(service.app)
      .get('/api/v1/pipelines/runs')
      .query({ tenant_id: 'starter_co', status: 'rejected', limit: '1' })
      .set(admin(service));
    expect(rejected.body.runs[0].error.code).toBe('MONTHLY_QUOTA_EXCEEDED');
    expect(rejected.body.next_cursor).toEqual(expect.any(String));
  });

  it('PROFESSIONAL: 5 runs at once → 3 run, 2 are deferred (never dropped) and complete later', async () => {
    service.setNow(new Date('2026-03-10T09:00:00Z'));
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
    expect(deferred.every((task) => task.notBefore !== null)).toBe(true);
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
