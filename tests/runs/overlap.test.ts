import request from 'supertest';
import { scheduledRunId } from '../../src/domain/run/ids';
import { runPath } from '../../src/app/runs/run-paths';
import { startTestService, type TestService } from '../support/service';
import type { RecordedTask } from '../support/recording-dispatcher';
import { HOLD_PIPELINE, HoldSteps } from './hold-step';
import { admin, bootstrapAndOnboard, createSchedule, deliver, runEvents, trigger } from './support';

/**
 * The overlap policies, each on its own tenant and day with an hourly schedule of the hold pipeline: the
 * 01:00 run is delivered and held "running" while the trigger handles the next fire times.
 */
const hold = new HoldSteps();
const deliveries: Promise<request.Response>[] = [];
let service: TestService;
let scheduled: { tenantId: string; configId: string } | undefined;

beforeAll(async () => {
  service = await startTestService({
    extraPipelines: { 'test/runs/hold.yml': HOLD_PIPELINE },
    extraStepKinds: [hold.kind],
  });
  service.setNow(new Date('2026-06-01T00:00:00Z'));
  await bootstrapAndOnboard(service, [
    { tenantId: 'skip_co', plan: 'PROFESSIONAL' },
    { tenantId: 'buffer_co', plan: 'PROFESSIONAL' },
    { tenantId: 'allow_co', plan: 'PROFESSIONAL' },
    { tenantId: 'cancel_co', plan: 'STARTER' },
    { tenantId: 'update_co', plan: 'PROFESSIONAL' },
  ]);
});
// Each test's schedule goes away with it, so the next test's ticks see only its own schedule.
afterEach(async () => {
  if (scheduled)
    await request(service.app)
      .delete(`/api/v1/scheduler/tenant/${scheduled.tenantId}/pipelines/${scheduled.configId}`)
      .set(admin(service));
  scheduled = undefined;
});
afterAll(async () => {
  hold.releaseAll();
  await Promise.allSettled(deliveries);
  await service?.stop();
});

const CONFIG = 'hourly_hold';
const at = (day: number, hour: number, minute = 0, second = 0) =>
  new Date(Date.UTC(2026, 5, day, hour, minute, second));

async function scheduleHold(tenantId: string, day: number, overlapPolicy: string): Promise<(hour: number) => string> {
  service.setNow(at(day, 0));
  await createSchedule(service, tenantId, {
    provider: 'test',
    domain: 'runs',
    template: 'hold',
    config_id: CONFIG,
    schedule_cron: '0 * * * *',
    timezone: 'UTC',
    overlap_policy: overlapPolicy,
  });
  scheduled = { tenantId, configId: CONFIG };
  return (hour) => scheduledRunId(tenantId, CONFIG, at(day, hour));
}

/** Triggers the tick at `hour` (the clock a few seconds later) and returns its report with the tasks it dispatched. */
async function tickAt(day: number, hour: number) {
  service.setNow(at(day, hour, 0, 5));
  const res = await trigger(service, at(day, hour).toISOString());
  expect(res.status).toBe(200);
  return { report: res.body, tasks: service.dispatcher.take() };
}

/** Delivers the task and waits until its hold step runs; an answer before that (deferred, failed…) fails the test. */
async function deliverHeld(task: RecordedTask | undefined): Promise<void> {
  if (!task) throw new Error('no task was dispatched');
  const target = hold.started.length + 1;
  const delivery = deliver(service, task);
  deliveries.push(delivery);
  const first = await Promise.race([
    hold.untilHeld(target).then(() => 'held'),
    delivery.then((r) => `answered ${r.status} ${JSON.stringify(r.body)}`),
  ]);
  expect(first).toBe('held');
  expect(hold.started.at(-1)).toBe(task.runId);
}

const statusOf = async (runId: string) => (await service.ctx.db.doc(runPath(runId)).get()).get('status');

describe('overlap policies against a running run', () => {
  it('skip: the next fire time is skipped, naming the running run', async () => {
    const runAt = await scheduleHold('skip_co', 1, 'skip');
    const first = await tickAt(1, 1);
    expect(first.report).toMatchObject({ triggered: 1, skipped: 0 });
    await deliverHeld(first.tasks[0]);

    const second = await tickAt(1, 2);
    expect(second.report).toMatchObject({ triggered: 0, queued: 0, skipped: 1, missed: 0 });
    expect(second.tasks).toEqual([]);
    const events = await runEvents(service, runAt(2));
    expect(events.map((e) => e.type)).toEqual(['RunSkipped']);
    expect(events[0]?.data).toMatchObject({ blockingRunId: runAt(1), fireTime: at(1, 2).toISOString() });
    expect(await statusOf(runAt(2))).toBe('skipped');
    hold.release(runAt(1));
  });

  it('skip still sees the running run after the schedule was updated (the index keeps its last run)', async () => {
    const runAt = await scheduleHold('update_co', 5, 'skip');
    await deliverHeld((await tickAt(5, 1)).tasks[0]);
    service.setNow(at(5, 1, 30));
    const updated = await request(service.app)
      .put(`/api/v1/scheduler/tenant/update_co/pipelines/${CONFIG}`)
      .set(admin(service))
      .send({
        provider: 'test',
        domain: 'runs',
        template: 'hold',
        schedule_cron: '0 * * * *',
        timezone: 'UTC',
        overlap_policy: 'skip',
        priority: 9,
      });
    expect(updated.status).toBe(200);
    const second = await tickAt(5, 2);
    expect(second.report).toMatchObject({ triggered: 0, skipped: 1 });
    expect((await runEvents(service, runAt(2)))[0]?.data).toMatchObject({ blockingRunId: runAt(1) });
    hold.release(runAt(1));
  });

  it('buffer_one: one run waits behind the running one; the fire time after it is skipped', async () => {
    const runAt = await scheduleHold('buffer_co', 2, 'buffer_one');
    await deliverHeld((await tickAt(2, 1)).tasks[0]);

    const second = await tickAt(2, 2);
    expect(second.report).toMatchObject({ triggered: 1, queued: 1, skipped: 0 });
    expect(second.tasks.map((t) => t.runId)).toEqual([runAt(2)]);
    expect(await statusOf(runAt(2))).toBe('queued');

    const third = await tickAt(2, 3);
    expect(third.report).toMatchObject({ triggered: 0, skipped: 1 });
    const events = await runEvents(service, runAt(3));
    expect(events.map((e) => e.type)).toEqual(['RunSkipped']);
    expect(events[0]?.data).toMatchObject({ blockingRunId: runAt(2) });
    hold.release(runAt(1));
  });

  it('allow: the next run is requested and runs alongside the first', async () => {
    const runAt = await scheduleHold('allow_co', 3, 'allow');
    await deliverHeld((await tickAt(3, 1)).tasks[0]);

    const second = await tickAt(3, 2);
    expect(second.report).toMatchObject({ triggered: 1, queued: 1, skipped: 0 });
    await deliverHeld(second.tasks[0]);
    expect([await statusOf(runAt(1)), await statusOf(runAt(2))]).toEqual(['running', 'running']);
    hold.release(runAt(1));
    hold.release(runAt(2));
  });

  it('cancel_other: the running run is cancelled, and the new run takes its concurrency slot (STARTER: 1)', async () => {
    const runAt = await scheduleHold('cancel_co', 4, 'cancel_other');
    const first = await tickAt(4, 1);
    // The first run starts just before 02:00, so its lease is still live at the next tick (as its heartbeat keeps it).
    service.setNow(at(4, 1, 59, 30));
    await deliverHeld(first.tasks[0]);
    const firstDelivery = deliveries.at(-1);

    const second = await tickAt(4, 2);
    expect(second.report).toMatchObject({ triggered: 1, queued: 1, skipped: 0 });
    const cancelled = (await runEvents(service, runAt(1))).at(-1);
    expect(cancelled?.type).toBe('RunCancelled');
    expect(JSON.stringify(cancelled?.data)).toContain(runAt(2));
    expect(await statusOf(runAt(1))).toBe('cancelled');
    expect(second.tasks.map((t) => t.runId)).toEqual([runAt(2)]);

    // The cancel gave the slot back (as DELETE /runs does): the new run starts while the old worker has not yet noticed.
    service.setNow(at(4, 2, 0, 10));
    await deliverHeld(second.tasks[0]);

    // The cancelled run's execution finishing later does not revive it.
    hold.release(runAt(1));
    expect((await firstDelivery)?.body).toMatchObject({ runId: runAt(1), status: 'cancelled' });
    expect((await runEvents(service, runAt(1))).map((e) => e.type)).not.toContain('RunSucceeded');
    hold.release(runAt(2));
  });
});
