import request from 'supertest';
import { scheduledRunId } from '../../src/domain/run/ids';
import { scheduleIndexPath } from '../../src/app/read-models';
import { runPath } from '../../src/app/runs/run-paths';
import { startTestService, type TestService } from '../support/service';
import { admin, bootstrapAndOnboard, createSchedule, onboardTenants, runEvents, trigger } from './support';

/**
 * An hourly schedule (catch-up window 120 min) created at 00:00Z whose first trigger comes at 05:01Z: the fire
 * times 01:00…05:00 are all due; 01:00, 02:00 and 03:00 are more than 120 min before the tick (missed),
 * 04:00 and 05:00 are inside the window (requested). Overlap `allow`, so the 04:00 run does not hold back 05:00.
 * Each describe creates its own tenant and schedule and triggers them itself: a describe starts after the
 * previous one's schedule is past the tick, so a trigger there finds its own schedule only.
 */
const CONFIG = 'hourly';
const tick = '2026-05-04T05:01:00Z';
const fire = (hour: number) => new Date(Date.UTC(2026, 4, 4, hour));
const runIdAt = (tenantId: string, hour: number) => scheduledRunId(tenantId, CONFIG, fire(hour));
const missedHours = [1, 2, 3];
const requestedHours = [4, 5];

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
  await bootstrapAndOnboard(service, []);
});
afterAll(async () => {
  await service?.stop();
});

/** The tenant and its hourly schedule, created at 00:00Z; the schedule index as it was right after. */
async function idleTenant(tenantId: string): Promise<FirebaseFirestore.DocumentData | undefined> {
  service.setNow(new Date('2026-05-04T00:00:00Z'));
  await onboardTenants(service, [{ tenantId, plan: 'PROFESSIONAL' }]);
  await createSchedule(service, tenantId, {
    config_id: CONFIG,
    schedule_cron: '0 * * * *',
    timezone: 'UTC',
    catchup_window_minutes: 120,
    overlap_policy: 'allow',
  });
  return (await service.ctx.db.doc(scheduleIndexPath(tenantId, CONFIG)).get()).data();
}

/** The first trigger, five hours later. */
async function firstTrigger(): Promise<request.Response> {
  service.setNow(new Date('2026-05-04T05:01:05Z'));
  const res = await trigger(service, tick);
  expect(res.status).toBe(200);
  return res;
}

describe('given a schedule idle for five hours, at its first trigger', () => {
  const TENANT = 'late_first';
  let indexAfterCreation: FirebaseFirestore.DocumentData | undefined;
  let triggered: request.Response;
  let dispatched: string[];
  beforeAll(async () => {
    indexAfterCreation = await idleTenant(TENANT);
    service.dispatcher.take();
    triggered = await firstTrigger();
    dispatched = service.dispatcher.take().map((t) => t.runId);
  });

  it('the schedule index started at the first fire time after creation', () => {
    expect(indexAfterCreation?.nextRunAt).toBe('2026-05-04T01:00:00.000Z');
  });

  it('requests the 2 fire times inside the window and records the 3 older ones as missed', async () => {
    expect(triggered.body).toMatchObject({
      tenants: 1,
      triggered: 2,
      queued: 2,
      missed: 3,
      skipped: 0,
      duplicates: 0,
      next_trigger_time: '2026-05-04T06:00:00.000Z',
    });
    expect(dispatched).toEqual(requestedHours.map((hour) => runIdAt(TENANT, hour)));

    for (const hour of missedHours) {
      const readModel = await service.ctx.db.doc(runPath(runIdAt(TENANT, hour))).get();
      expect(readModel.get('status')).toBe('missed');
      expect(readModel.get('scheduledTime')).toBe(fire(hour).toISOString());
      const events = await runEvents(service, runIdAt(TENANT, hour));
      expect(events.map((e) => e.type)).toEqual(['RunMissed']);
      expect(events[0]?.data).toMatchObject({
        fireTime: fire(hour).toISOString(),
        catchupWindowMinutes: 120,
        configId: CONFIG,
      });
    }
    for (const hour of requestedHours) {
      expect((await service.ctx.db.doc(runPath(runIdAt(TENANT, hour))).get()).get('status')).toBe('queued');
      expect((await runEvents(service, runIdAt(TENANT, hour))).map((e) => e.type)).toEqual([
        'RunRequested',
        'RunQueued',
      ]);
    }
  });

  it('the runs listing shows the missed fire times', async () => {
    const res = await request(service.app)
      .get('/api/v1/pipelines/runs')
      .query({ tenant_id: TENANT, status: 'missed' })
      .set(admin(service));
    expect(res.status).toBe(200);
    expect(res.body.runs.map((r: { run_id: string }) => r.run_id).sort()).toEqual(
      missedHours.map((hour) => runIdAt(TENANT, hour)).sort(),
    );
  });

  it('advances the schedule index past the tick', async () => {
    const index = await service.ctx.db.doc(scheduleIndexPath(TENANT, CONFIG)).get();
    expect(index.get('nextRunAt')).toBe('2026-05-04T06:00:00.000Z');
    expect(index.get('lastFireAt')).toBe('2026-05-04T05:00:00.000Z');
  });
});

describe('given the first trigger after five idle hours done', () => {
  const TENANT = 'late_again';
  beforeAll(async () => {
    await idleTenant(TENANT);
    expect((await firstTrigger()).body).toMatchObject({ tenants: 1, triggered: 2, missed: 3 });
    service.dispatcher.take();
  });

  it('the same tick again creates nothing', async () => {
    const hours = [...missedHours, ...requestedHours];
    const eventCounts = async () =>
      Promise.all(hours.map(async (hour) => (await runEvents(service, runIdAt(TENANT, hour))).length));
    const before = await eventCounts();
    expect(before).toEqual([1, 1, 1, 2, 2]);
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
