import request from 'supertest';
import { scheduledRunId } from '../../src/domain/run/ids';
import { scheduleIndexPath } from '../../src/app/read-models';
import { runPath } from '../../src/app/runs/run-paths';
import { startTestService, type TestService } from '../support/service';
import { admin, bootstrapAndOnboard, createSchedule, runEvents, trigger } from './support';

/**
 * An hourly schedule (catch-up window 120 min) created at 00:00Z whose first trigger comes at 05:01Z: the fire
 * times 01:00…05:00 are all due; 01:00, 02:00 and 03:00 are more than 120 min before the tick (missed),
 * 04:00 and 05:00 are inside the window (requested). Overlap `allow`, so the 04:00 run does not hold back 05:00.
 */
const TENANT = 'late_co';
const CONFIG = 'hourly';
const tick = '2026-05-04T05:01:00Z';
const fire = (hour: number) => new Date(Date.UTC(2026, 4, 4, hour));
const runIdAt = (hour: number) => scheduledRunId(TENANT, CONFIG, fire(hour));
const missedHours = [1, 2, 3];
const requestedHours = [4, 5];

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
  service.setNow(new Date('2026-05-04T00:00:00Z'));
  await bootstrapAndOnboard(service, [{ tenantId: TENANT, plan: 'PROFESSIONAL' }]);
  await createSchedule(service, TENANT, {
    config_id: CONFIG,
    schedule_cron: '0 * * * *',
    timezone: 'UTC',
    catchup_window_minutes: 120,
    overlap_policy: 'allow',
  });
});
afterAll(async () => {
  await service?.stop();
});

describe('catch-up after five idle hours', () => {
  it('the schedule index starts at the first fire time after creation', async () => {
    const index = await service.ctx.db.doc(scheduleIndexPath(TENANT, CONFIG)).get();
    expect(index.get('nextRunAt')).toBe('2026-05-04T01:00:00.000Z');
  });

  it('requests the 2 fire times inside the window and records the 3 older ones as missed', async () => {
    service.setNow(new Date('2026-05-04T05:01:05Z'));
    const res = await trigger(service, tick);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      tenants: 1,
      triggered: 2,
      queued: 2,
      missed: 3,
      skipped: 0,
      duplicates: 0,
      next_trigger_time: '2026-05-04T06:00:00.000Z',
    });
    expect(service.dispatcher.take().map((t) => t.runId)).toEqual(requestedHours.map(runIdAt));

    for (const hour of missedHours) {
      const readModel = await service.ctx.db.doc(runPath(runIdAt(hour))).get();
      expect(readModel.get('status')).toBe('missed');
      expect(readModel.get('scheduledTime')).toBe(fire(hour).toISOString());
      const events = await runEvents(service, runIdAt(hour));
      expect(events.map((e) => e.type)).toEqual(['RunMissed']);
      expect(events[0]?.data).toMatchObject({
        fireTime: fire(hour).toISOString(),
        catchupWindowMinutes: 120,
        configId: CONFIG,
      });
    }
    for (const hour of requestedHours) {
      expect((await service.ctx.db.doc(runPath(runIdAt(hour))).get()).get('status')).toBe('queued');
      expect((await runEvents(service, runIdAt(hour))).map((e) => e.type)).toEqual(['RunRequested', 'RunQueued']);
    }
  });

  it('the runs listing shows the missed fire times', async () => {
    const res = await request(service.app)
      .get('/api/v1/pipelines/runs')
      .query({ tenant_id: TENANT, status: 'missed' })
      .set(admin(service));
    expect(res.status).toBe(200);
    expect(res.body.runs.map((r: { run_id: string }) => r.run_id).sort()).toEqual(missedHours.map(runIdAt).sort());
  });

  it('advances the schedule index past the tick', async () => {
    const index = await service.ctx.db.doc(scheduleIndexPath(TENANT, CONFIG)).get();
    expect(index.get('nextRunAt')).toBe('2026-05-04T06:00:00.000Z');
    expect(index.get('lastFireAt')).toBe('2026-05-04T05:00:00.000Z');
  });

  it('the same tick again creates nothing', async () => {
    const hours = [...missedHours, ...requestedHours];
    const eventCounts = async () =>
      Promise.all(hours.map(async (hour) => (await runEvents(service, runIdAt(hour))).length));
    const before = await eventCounts();
    const res = await trigger(service, tick);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tenants: 0, triggered: 0, queued: 0, missed: 0, skipped: 0, duplicates: 0 });
    expect(service.dispatcher.tasks).toHaveLength(0);
    expect(await eventCounts()).toEqual(before);
    const all = await request(service.app)
      .get('/api/v1/pipelines/runs')
      .query({ tenant_id: TENANT })
      .set(admin(service));
    expect(all.body.runs).toHaveLength(5);
  });
});
