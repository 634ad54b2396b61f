import { scheduledRunId } from '../../src/domain/run/ids';
import { startTestService, type TestService } from '../support/service';
import request from 'supertest';
import { bootstrapAndOnboard, createSchedule, deliver, runEvents, serviceAuth, trigger } from './support';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
  service.setNow(new Date('2026-07-01T05:30:00Z'));
  await bootstrapAndOnboard(service, [
    { tenantId: 'healthy_co', plan: 'STARTER' },
    { tenantId: 'troubled_co', plan: 'STARTER' },
  ]);
  for (const tenantId of ['healthy_co', 'troubled_co'])
    await createSchedule(service, tenantId, { config_id: 'hourly', schedule_cron: '0 * * * *', timezone: 'UTC' });
});
afterAll(async () => {
  await service?.stop();
});

describe('a fault in one tenant’s schedule', () => {
  const tick = '2026-07-01T06:00:00Z';

  it('does not stop the other tenants; the tick is answered 500 so Cloud Scheduler retries it', async () => {
    service.dispatcher.failingTenants.add('troubled_co');
    service.setNow(new Date('2026-07-01T06:00:05Z'));
    const res = await trigger(service, tick);
    expect(res.status).toBe(500);
    expect(res.body.failures).toEqual([{ tenant_id: 'troubled_co', config_id: 'hourly', code: 'UNAVAILABLE' }]);
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
