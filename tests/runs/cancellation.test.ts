import request from 'supertest';
import { usageDailyPath } from '../../src/app/read-models';
import { concurrencyPath, runPath } from '../../src/app/runs/run-paths';
import { startTestService, type TestService } from '../support/service';
import type { RecordedTask } from '../support/recording-dispatcher';
import { HOLD_PIPELINE, HoldSteps } from './hold-step';
import { admin, bootstrapAndOnboard, deliver, runEvents } from './support';

/**
 * Cancelling runs through DELETE /api/v1/pipelines/runs/{run_id}, on a STARTER tenant (one concurrent run).
 * A running execution notices a cancel at its next heartbeat (5 s in the test service): rather than wait for
 * it, these tests release the held step and check that the finishing execution leaves the run cancelled.
 */
const TENANT = 'stop_co';
const hold = new HoldSteps();
const deliveries: Promise<request.Response>[] = [];
let service: TestService;

beforeAll(async () => {
  service = await startTestService({
    extraPipelines: { 'test/runs/hold.yml': HOLD_PIPELINE },
    extraStepKinds: [hold.kind],
  });
  service.setNow(new Date('2026-07-01T08:00:00Z'));
  await bootstrapAndOnboard(service, [{ tenantId: TENANT, plan: 'STARTER' }]);
});
afterAll(async () => {
  hold.releaseAll();
  await Promise.allSettled(deliveries);
  await service?.stop();
});

async function startManual(pipeline: string): Promise<RecordedTask> {
  const res = await request(service.app)
    .post(`/api/v1/pipelines/run/${TENANT}/${pipeline}`)
    .set(admin(service))
    .send({});
  expect(res.status).toBe(202);
  const tasks = service.dispatcher.take();
  expect(tasks.map((t) => t.runId)).toEqual([res.body.run_id]);
  return tasks[0] as RecordedTask;
}

const cancel = (runId: string) =>
  request(service.app).delete(`/api/v1/pipelines/runs/${runId}`).set(admin(service)).send({ reason: 'operator stop' });

/**
 * Delivers the task and waits until its hold step runs; an answer before that (e.g. deferred) fails the test.
 * The delivery comes back wrapped: an async function returning the bare promise would wait for it.
 */
async function deliverHeld(task: RecordedTask): Promise<{ delivery: Promise<request.Response> }> {
  const target = hold.started.length + 1;
  const delivery = deliver(service, task);
  deliveries.push(delivery);
  const first = await Promise.race([
    hold.untilHeld(target).then(() => 'held'),
    delivery.then((r) => `answered ${r.status} ${JSON.stringify(r.body)}`),
  ]);
  expect(first).toBe('held');
  return { delivery };
}

const statusOf = async (runId: string) => (await service.ctx.db.doc(runPath(runId)).get()).get('status');
const liveSlots = async () =>
  Object.keys(((await service.ctx.db.doc(concurrencyPath(TENANT)).get()).get('slots') ?? {}) as object);

describe('cancelling runs', () => {
  it('a queued run, once cancelled, never executes', async () => {
    const task = await startManual('demo/health/warehouse_check');
    const res = await cancel(task.runId);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ run_id: task.runId, status: 'cancelled', cancelled: true });

    const late = await deliver(service, task);
    expect(late.status).toBe(200);
    expect(late.body).toEqual({ runId: task.runId, status: 'cancelled', executed: false });
    const events = await runEvents(service, task.runId);
    expect(events.map((e) => e.type)).toEqual(['RunRequested', 'RunQueued', 'RunCancelled']);
    expect(events[2]?.data).toMatchObject({ reason: 'operator stop' });
  });

  it('cancelling a finished (cancelled) run again is a no-op', async () => {
    const [run] = (
      await request(service.app)
        .get('/api/v1/pipelines/runs')
        .query({ tenant_id: TENANT, status: 'cancelled' })
        .set(admin(service))
    ).body.runs;
    const again = await cancel(run.run_id);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ run_id: run.run_id, status: 'cancelled', cancelled: false });
    expect(await runEvents(service, run.run_id)).toHaveLength(3);
  });

  it('a running run: cancelled at once, its slot freed for the next run, and its finishing execution does not succeed it', async () => {
    const first = await startManual('test/runs/hold');
    const { delivery: firstDelivery } = await deliverHeld(first);
    expect(await liveSlots()).toEqual([first.runId]);

    const res = await cancel(first.runId);
    expect(res.body).toEqual({ run_id: first.runId, status: 'cancelled', cancelled: true });
    expect(await statusOf(first.runId)).toBe('cancelled');
    expect(await liveSlots()).toEqual([]);

    // STARTER runs one at a time: the next run starts only because the cancel gave the slot back.
    const second = await startManual('test/runs/hold');
    const { delivery: secondDelivery } = await deliverHeld(second);
    expect(await liveSlots()).toEqual([second.runId]);

    hold.release(first.runId);
    expect((await firstDelivery).body).toMatchObject({ runId: first.runId, status: 'cancelled' });
    const events = (await runEvents(service, first.runId)).map((e) => e.type);
    expect(events).not.toContain('RunSucceeded');
    expect(events.at(-1)).toBe('RunCancelled');
    expect(await statusOf(first.runId)).toBe('cancelled');
    // The old execution's end must not free the slot the new run holds.
    expect(await liveSlots()).toEqual([second.runId]);

    hold.release(second.runId);
    expect((await secondDelivery).body).toEqual({ runId: second.runId, status: 'succeeded', executed: true });
    expect(await liveSlots()).toEqual([]);
  });

  it('usage counts the runs that started, not the one cancelled while queued', async () => {
    const usage = await service.ctx.db.doc(usageDailyPath(TENANT, '2026-07-01')).get();
    expect(usage.get('runs')).toBe(2);
    expect(usage.get('succeeded')).toBe(1);
  });
});
