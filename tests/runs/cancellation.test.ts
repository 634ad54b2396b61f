import request from 'supertest';
import { usageDailyPath } from '../../src/app/read-models';
import { concurrencyPath, runPath } from '../../src/app/runs/run-paths';
import { startTestService, type TestService } from '../support/service';
import type { RecordedTask } from '../support/recording-dispatcher';
import { HOLD_PIPELINE, HoldSteps } from './hold-step';
import { admin, bootstrapAndOnboard, deliver, onboardTenants, runEvents, requestManualRun } from './support';

/**
 * Cancelling runs through DELETE /api/v1/pipelines/runs/{run_id}, on STARTER tenants (one concurrent run), one
 * tenant per test.
 * A running execution notices a cancel at its next heartbeat (5 s in the test service): rather than wait for
 * it, these tests release the held step and check that the finishing execution leaves the run cancelled.
 */
const hold = new HoldSteps();
const deliveries: Promise<request.Response>[] = [];
let service: TestService;

beforeAll(async () => {
  service = await startTestService({
    extraPipelines: { 'test/runs/hold.yml': HOLD_PIPELINE },
    extraStepKinds: [hold.kind],
  });
  await bootstrapAndOnboard(service, []);
});
beforeEach(() => {
  service.setNow(new Date('2026-07-01T08:00:00Z'));
  service.dispatcher.take();
});
afterAll(async () => {
  hold.releaseAll();
  await Promise.allSettled(deliveries);
  await service?.stop();
});

/** A STARTER tenant of the test's own. */
async function starterTenant(tenantId: string): Promise<string> {
  await onboardTenants(service, [{ tenantId, plan: 'STARTER' }]);
  return tenantId;
}

const startManual = (tenantId: string, pipeline: string) => requestManualRun(service, tenantId, pipeline);

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
const liveSlots = async (tenantId: string) =>
  Object.keys(((await service.ctx.db.doc(concurrencyPath(tenantId)).get()).get('slots') ?? {}) as object);

/** A queued run cancelled: the answer and the run. */
async function cancelQueued(tenantId: string): Promise<{ task: RecordedTask; res: request.Response }> {
  const task = await startManual(tenantId, 'demo/health/warehouse_check');
  return { task, res: await cancel(task.runId) };
}

/** A held run cancelled while it runs, then its execution let finish; the finished delivery's answer. */
async function cancelRunning(tenantId: string): Promise<{ task: RecordedTask; finished: request.Response }> {
  const task = await startManual(tenantId, 'test/runs/hold');
  const { delivery } = await deliverHeld(task);
  expect((await cancel(task.runId)).body).toEqual({ run_id: task.runId, status: 'cancelled', cancelled: true });
  hold.release(task.runId);
  return { task, finished: await delivery };
}

describe('cancelling runs', () => {
  it('a queued run, once cancelled, never executes', async () => {
    const { task, res } = await cancelQueued(await starterTenant('stop_queued'));
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
    const tenantId = await starterTenant('stop_twice');
    const { task } = await cancelQueued(tenantId);
    const [run] = (
      await request(service.app)
        .get('/api/v1/pipelines/runs')
        .query({ tenant_id: tenantId, status: 'cancelled' })
        .set(admin(service))
    ).body.runs;
    expect(run.run_id).toBe(task.runId);
    const again = await cancel(run.run_id);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ run_id: run.run_id, status: 'cancelled', cancelled: false });
    expect(await runEvents(service, run.run_id)).toHaveLength(3);
  });

  it('a running run: cancelled at once, its slot freed for the next run, and its finishing execution does not succeed it', async () => {
    const tenantId = await starterTenant('stop_running');
    const first = await startManual(tenantId, 'test/runs/hold');
    const { delivery: firstDelivery } = await deliverHeld(first);
    expect(await liveSlots(tenantId)).toEqual([first.runId]);

    const res = await cancel(first.runId);
    expect(res.body).toEqual({ run_id: first.runId, status: 'cancelled', cancelled: true });
    expect(await statusOf(first.runId)).toBe('cancelled');
    expect(await liveSlots(tenantId)).toEqual([]);

    // STARTER runs one at a time: the next run starts only because the cancel gave the slot back.
    const second = await startManual(tenantId, 'test/runs/hold');
    const { delivery: secondDelivery } = await deliverHeld(second);
    expect(await liveSlots(tenantId)).toEqual([second.runId]);

    hold.release(first.runId);
    expect((await firstDelivery).body).toMatchObject({ runId: first.runId, status: 'cancelled' });
    const events = (await runEvents(service, first.runId)).map((e) => e.type);
    expect(events).not.toContain('RunSucceeded');
    expect(events.at(-1)).toBe('RunCancelled');
    expect(await statusOf(first.runId)).toBe('cancelled');
    // The old execution's end must not free the slot the new run holds.
    expect(await liveSlots(tenantId)).toEqual([second.runId]);

    hold.release(second.runId);
    expect((await secondDelivery).body).toEqual({ runId: second.runId, status: 'succeeded', executed: true });
    expect(await liveSlots(tenantId)).toEqual([]);
  });

  it('usage counts the runs that started, not the one cancelled while queued', async () => {
    const tenantId = await starterTenant('stop_usage');
    expect((await cancelQueued(tenantId)).res.body).toMatchObject({ status: 'cancelled', cancelled: true });
    const { task, finished } = await cancelRunning(tenantId);
    expect(finished.body).toMatchObject({ runId: task.runId, status: 'cancelled' });
    const succeeded = await startManual(tenantId, 'demo/health/warehouse_check');
    expect((await deliver(service, succeeded)).body).toEqual({
      runId: succeeded.runId,
      status: 'succeeded',
      executed: true,
    });

    const usage = await service.ctx.db.doc(usageDailyPath(tenantId, '2026-07-01')).get();
    expect(usage.get('runs')).toBe(2);
    expect(usage.get('succeeded')).toBe(1);
  });
});
