import type { Express } from 'express';
import { startTestService, type TestService } from '../support/service';
import { admin, bootstrapAndOnboard, createSchedule, deliver } from '../runs/support';
import { deliverToDoomedWorker } from './support/dead-worker';
import { maintenanceApp, statusCall } from './support/maintenance-app';
import { manualRun } from './support/runs';
import { CountingSteps, failingKind, ParkingSteps, singleStepPipeline } from './support/step-kinds';

const counting = new CountingSteps();
const parking = new ParkingSteps();
let service: TestService;
let app: Express;
const at = (hhmmss: string, day = '2026-03-10') => new Date(`${day}T${hhmmss}Z`);

beforeAll(async () => {
  service = await startTestService({
    extraPipelines: {
      'test/status/quick.yml': singleStepPipeline('quick', 'test.park'),
      'test/status/stuck.yml': singleStepPipeline('stuck', 'test.park'),
      'test/status/lost.yml': singleStepPipeline('lost', 'test.count'),
      'test/status/broken.yml': singleStepPipeline('broken', 'test.fail'),
    },
    extraStepKinds: [counting.kind, parking.kind, failingKind],
  });
  app = maintenanceApp(service);
  service.setNow(at('22:00:00', '2026-03-09'));
  await bootstrapAndOnboard(service, [{ tenantId: 'status_co', plan: 'SCALE' }]);
});
afterAll(async () => {
  await service?.stop();
});

/** A run of the quick pipeline that starts at `from` and succeeds at `to`. */
async function succeed(from: Date, to: Date, nth: number): Promise<void> {
  service.setNow(from);
  const task = await manualRun(service, 'status_co', 'test/status/quick');
  const delivery = deliver(service, task);
  const parked = await parking.nth(nth);
  service.setNow(to);
  parked.release();
  expect((await delivery).body).toMatchObject({ status: 'succeeded', executed: true });
}

describe('GET /api/v1/scheduler/status', () => {
  it('counts schedules, waiting and running runs, and today’s outcomes with their mean duration', async () => {
    // Yesterday's success is not today's.
    await succeed(at('23:00:00', '2026-03-09'), at('23:10:00', '2026-03-09'), 1);
    await succeed(at('08:00:00'), at('08:01:30'), 2);
    await succeed(at('08:02:00'), at('08:02:30'), 3);
    service.setNow(at('08:03:00'));
    expect((await deliver(service, await manualRun(service, 'status_co', 'test/status/broken'))).body).toMatchObject({
      status: 'failed',
    });
    await manualRun(service, 'status_co', 'test/status/lost');
    deliverToDoomedWorker(service.ctx, await manualRun(service, 'status_co', 'test/status/stuck'));
    await parking.nth(4);
    // At 08:05 the hourly schedule next fires at 09:00 and the morning one at 08:30 (due by 08:45).
    service.setNow(at('08:05:00'));
    await createSchedule(service, 'status_co', { config_id: 'hourly', schedule_cron: '0 * * * *', timezone: 'UTC' });
    await createSchedule(service, 'status_co', { config_id: 'morning', schedule_cron: '30 8 * * *', timezone: 'UTC' });
    await createSchedule(service, 'status_co', {
      config_id: 'paused',
      schedule_cron: '15 8 * * *',
      timezone: 'UTC',
      is_active: false,
    });

    service.setNow(at('08:45:00'));
    const res = await statusCall(app, admin(service));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      now: '2026-03-10T08:45:00.000Z',
      schedules: { active: 2, due_now: 1, next_trigger_time: '2026-03-10T08:30:00.000Z' },
      runs: { requested: 0, queued: 1, deferred: 0, running: 1 },
      today: { date: '2026-03-10', succeeded: 2, failed: 1, timed_out: 0, average_duration_ms: 60_000, average_of: 2 },
    });
  });

  it('needs service auth or the admin key', async () => {
    expect((await statusCall(app, {})).status).toBe(401);
    expect((await statusCall(app, { Authorization: `Bearer ${service.secrets.serviceToken}` })).status).toBe(200);
  });
});
