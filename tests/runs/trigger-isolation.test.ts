import { scheduledRunId } from '../../src/domain/run/ids';
import { clearTestDatabase } from '../support/firestore';
import { startTestService, type TestService } from '../support/service';
import request from 'supertest';
import { bootstrapAndOnboard, createSchedule, deliver, runEvents, serviceAuth, trigger } from './support';

/**
 * A trigger and a process-queue sweep see every tenant, so each describe runs on a system of its own: an empty
 * database and a new service with two STARTER tenants and their hourly schedules, set up in its beforeAll.
 */
let service: TestService;
const tick = '2026-07-01T06:00:00Z';

function onAFreshSystem(given: () => Promise<void> = async () => {}): void {
  beforeAll(async () => {
    await clearTestDatabase();
    service = await startTestService();
    service.setNow(new Date('2026-07-01T05:30:00Z'));
    await bootstrapAndOnboard(service, [
      { tenantId: 'healthy_co', plan: 'STARTER' },
      { tenantId: 'troubled_co', plan: 'STARTER' },
    ]);
    for (const tenantId of ['healthy_co', 'troubled_co'])
      await createSchedule(service, tenantId, { config_id: 'hourly', schedule_cron: '0 * * * *', timezone: 'UTC' });
    await given();
  });
  afterAll(async () => {
    await service?.stop();
  });
}

/** The 06:00 tick while troubled_co's queue is unavailable. */
async function faultyTick() {
  service.dispatcher.failingTenants.add('troubled_co');
  service.setNow(new Date('2026-07-01T06:00:05Z'));
  return trigger(service, tick);
}

describe('a fault in one tenant’s schedule', () => {
  onAFreshSystem();

  it('does not stop the other tenants; the tick is answered 500 so Cloud Scheduler retries it', async () => {
    const res = await faultyTick();
    expect(res.status).toBe(500);
    expect(res.body.failures).toEqual([{ tenant_id: 'troubled_co', config_id: 'hourly', code: 'UNAVAILABLE' }]);
    const tasks = service.dispatcher.take();
    expect(tasks.map((t) => t.tenantId)).toEqual(['healthy_co']);
    expect((await deliver(service, tasks[0] as { runId: string; tenantId: string })).body.status).toBe('succeeded');
  });
});

describe('given a tick that failed for one tenant and succeeded for the other', () => {
  onAFreshSystem(async () => {
    expect((await faultyTick()).status).toBe(500);
    const tasks = service.dispatcher.take();
    expect(tasks.map((t) => t.tenantId)).toEqual(['healthy_co']);
    expect((await deliver(service, tasks[0] as { runId: string; tenantId: string })).body.status).toBe('succeeded');
  });

  it('the retried tick (same schedule time) dispatches nothing twice and leaves the failed run to process-queue', async () => {
    service.dispatcher.failingTenants.clear();
    const res = await trigger(service, tick);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ triggered: 0, failures: [] });
    expect(service.dispatcher.take()).toEqual([]);
    // The troubled run was recorded queued in its commit; its lost task is process-queue's to re-dispatch.
    const events = await runEvents(service, scheduledRunId('troubled_co', 'hourly', new Date(tick)));
    expect(events.map((e) => e.type)).toEqual(['RunRequested', 'RunQueued']);
    service.setNow(new Date('2026-07-01T06:05:00Z'));
    const swept = await request(service.app).post('/api/v1/scheduler/process-queue').set(serviceAuth(service));
    expect(swept.status).toBe(200);
    expect(service.dispatcher.take().map((t) => t.taskName)).toEqual([
      `${scheduledRunId('troubled_co', 'hourly', new Date(tick))}-g2`,
    ]);
  });
});
