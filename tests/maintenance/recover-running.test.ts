import type { Express } from 'express';
import { RECOVERY_GENERATION_BASE } from '../../src/app/maintenance/recover-running-run';
import { usageDailyPath } from '../../src/app/read-models';
import { clearTestDatabase } from '../support/firestore';
import { startTestService, type TestService } from '../support/service';
import { bootstrapAndOnboard, deliver, runEvents } from '../runs/support';
import { deliverToDoomedWorker } from './support/dead-worker';
import { maintenanceApp, processQueueCall } from './support/maintenance-app';
import { manualRun, runStatus } from './support/runs';
import { CountingSteps, ParkingSteps, twoStepPipeline } from './support/step-kinds';

let counting: CountingSteps;
let parking: ParkingSteps;
let service: TestService;
let app: Express;
const T0 = Date.parse('2026-03-10T08:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const slotsOf = async (tenantId: string) =>
  ((await service.ctx.db.doc(`concurrency/${tenantId}`).get()).get('slots') ?? {}) as Record<string, unknown>;

/**
 * A sweep reads every tenant's running runs, so each describe runs on a system of its own: an empty database,
 * a new service and new step counters, with one PROFESSIONAL tenant.
 */
function onAFreshSystem(): void {
  beforeAll(async () => {
    await clearTestDatabase();
    counting = new CountingSteps();
    parking = new ParkingSteps();
    service = await startTestService({
      extraPipelines: {
        'test/sweep/resume.yml': twoStepPipeline('resume', { timeoutMinutes: 30 }),
        'test/sweep/slow.yml': twoStepPipeline('slow', { timeoutMinutes: 5 }),
        'test/sweep/retry.yml': twoStepPipeline('retry', { timeoutMinutes: 5, attempts: 2 }),
      },
      extraStepKinds: [counting.kind, parking.kind],
    });
    app = maintenanceApp(service);
    service.setNow(at(0));
    await bootstrapAndOnboard(service, [{ tenantId: 'sweep_co', plan: 'PROFESSIONAL' }]);
  });
  afterAll(async () => {
    await service?.stop();
  });
}

describe('process-queue: a running run whose worker died within its timeout', () => {
  onAFreshSystem();

  it('resumes a run within its timeout: step 1 is not run again, the step in flight is', async () => {
    const task = await manualRun(service, 'sweep_co', 'test/sweep/resume');
    deliverToDoomedWorker(service.ctx, task);
    // Step 1 finished and step 2 is in flight when the worker dies (its parked step is never released).
    const dead = await parking.nth(1);
    expect(dead).toMatchObject({ runId: task.runId, stepId: 'second' });
    expect(counting.count(task.runId, 'first')).toBe(1);
    expect((await runEvents(service, task.runId)).map((e) => e.type)).toEqual([
      'RunRequested',
      'RunQueued',
      'RunStarted',
      'StepStarted',
      'StepSucceeded',
      'StepStarted',
    ]);

    // While its lease (60 s) lives, the run is left alone.
    service.setNow(at(0.5));
    expect((await processQueueCall(app, service)).body).toMatchObject({ resumed: 0, timed_out: 0, examined: 1 });
    expect(service.dispatcher.take()).toEqual([]);

    // The lease expired 2 minutes ago; the run started 3 minutes ago, within its 30-minute timeout.
    service.setNow(at(3));
    const [a, b] = await Promise.all([processQueueCall(app, service), processQueueCall(app, service)]);
    expect([a.body.resumed, b.body.resumed].sort()).toEqual([0, 1]);
    const [resume, ...others] = service.dispatcher.take();
    expect(others).toEqual([]);
    const revision = (await runEvents(service, task.runId)).length;
    expect(resume).toMatchObject({
      runId: task.runId,
      tenantId: 'sweep_co',
      generation: RECOVERY_GENERATION_BASE + revision,
      notBefore: null,
    });
    expect(await runStatus(service, task.runId)).toBe('running');

    // Its delivery takes the run over and resumes after step 1.
    const delivery = deliver(service, resume as { runId: string; tenantId: string });
    const again = await parking.nth(2);
    expect(again).toMatchObject({ runId: task.runId, stepId: 'second' });
    again.release();
    expect((await delivery).body).toEqual({ runId: task.runId, status: 'succeeded', executed: true });
    expect(counting.count(task.runId, 'first')).toBe(1);
    const events = await runEvents(service, task.runId);
    const starts = events
      .filter((e) => e.type === 'RunStarted')
      .map((e) => (e.type === 'RunStarted' ? { attempt: e.data.attempt, resumed: e.data.resumed } : null));
    expect(starts).toEqual([
      { attempt: 1, resumed: false },
      { attempt: 1, resumed: true },
    ]);
    expect(
      events.filter((e) => e.type === 'StepSucceeded').map((e) => (e.type === 'StepSucceeded' ? e.data.stepId : '')),
    ).toEqual(['first', 'second']);
    expect(events.at(-1)?.type).toBe('RunSucceeded');
    expect(await slotsOf('sweep_co')).toEqual({});
  });
});

describe('process-queue: a running run whose worker died longer ago than its timeout', () => {
  onAFreshSystem();

  it('times out a run whose worker died longer ago than its pipeline timeout, freeing the slot', async () => {
    service.setNow(at(60));
    const task = await manualRun(service, 'sweep_co', 'test/sweep/slow');
    deliverToDoomedWorker(service.ctx, task);
    expect(await parking.nth(1)).toMatchObject({ runId: task.runId });
    expect(Object.keys(await slotsOf('sweep_co'))).toEqual([task.runId]);

    service.setNow(at(66));
    const res = await processQueueCall(app, service);
    expect(res.body).toMatchObject({ resumed: 0, timed_out: 1, retried: 0, failures: [] });
    expect(service.dispatcher.take()).toEqual([]);
    const last = (await runEvents(service, task.runId)).at(-1);
    expect(last).toMatchObject({ type: 'RunTimedOut', data: { attempt: 1 } });
    expect(await runStatus(service, task.runId)).toBe('timed_out');
    // The dead worker's (expired) slot is gone, and the day counts the run as failed.
    expect(await slotsOf('sweep_co')).toEqual({});
    expect((await service.ctx.db.doc(usageDailyPath('sweep_co', '2026-03-10')).get()).get('failed')).toBe(1);

    // Nothing is left to do.
    expect((await processQueueCall(app, service)).body).toMatchObject({ resumed: 0, timed_out: 0, examined: 0 });
  });
});

describe('process-queue: a timed-out running run with attempts left', () => {
  onAFreshSystem();

  it('a timed-out attempt with attempts left is retried as a new attempt from the first step', async () => {
    service.setNow(at(120));
    const task = await manualRun(service, 'sweep_co', 'test/sweep/retry');
    deliverToDoomedWorker(service.ctx, task);
    expect(await parking.nth(1)).toMatchObject({ runId: task.runId });

    service.setNow(at(126));
    const res = await processQueueCall(app, service);
    expect(res.body).toMatchObject({ resumed: 0, timed_out: 1, retried: 1, failures: [] });
    const events = await runEvents(service, task.runId);
    expect(events.slice(-2).map((e) => e.type)).toEqual(['RunAttemptFailed', 'RunQueued']);
    const failed = events.at(-2);
    const retryAt = failed?.type === 'RunAttemptFailed' ? failed.data.retryAt : undefined;
    // The pipeline's default backoff: 5 s after the first attempt.
    expect(retryAt).toBe(new Date(at(126).getTime() + 5_000).toISOString());
    const [retry, ...others] = service.dispatcher.take();
    expect(others).toEqual([]);
    expect(retry).toMatchObject({ runId: task.runId, generation: 2, notBefore: new Date(retryAt as string) });

    const delivery = deliver(service, retry as { runId: string; tenantId: string });
    const second = await parking.nth(2);
    second.release();
    expect((await delivery).body).toMatchObject({ status: 'succeeded', executed: true });
    // A new attempt starts over: step 1 ran in both attempts.
    expect(counting.count(task.runId, 'first')).toBe(2);
    expect(
      (await runEvents(service, task.runId))
        .filter((e) => e.type === 'RunStarted')
        .map((e) => (e.type === 'RunStarted' ? e.data.attempt : 0)),
    ).toEqual([1, 2]);
  });
});
