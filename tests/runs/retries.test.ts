import request from 'supertest';
import { usageDailyPath, usageMonthlyPath } from '../../src/app/read-models';
import { runPath } from '../../src/app/runs/run-paths';
import type { RunEvent } from '../../src/domain/run/events';
import { startTestService, type TestService } from '../support/service';
import type { RecordedTask } from '../support/recording-dispatcher';
import { admin, bootstrapAndOnboard, deliver, onboardTenants, runEvents } from './support';

/**
 * Run-level retries: configs/demo/health/warehouse_check.yml allows 2 attempts with a 1 s initial backoff, and
 * `fail_on_purpose: true` makes its critical expectation fail every time. The first failure re-dispatches the
 * run with a delay; the second is final. Quotas count the run once. Each test fails a run of its own tenant.
 */
let service: TestService;

beforeAll(async () => {
  service = await startTestService();
  await bootstrapAndOnboard(service, []);
});
beforeEach(() => {
  service.setNow(new Date('2026-09-01T10:00:00Z'));
  service.dispatcher.take();
});
afterAll(async () => {
  await service?.stop();
});

const RUN_LEVEL = new Set([
  'RunRequested',
  'RunQueued',
  'RunStarted',
  'RunAttemptFailed',
  'RunFailed',
  'RunSucceeded',
  'RunDeferred',
  'RunRejected',
]);
const runLevel = (events: readonly RunEvent[]) => events.filter((e) => RUN_LEVEL.has(e.type)).map((e) => e.type);

/** A STARTER tenant of the test's own with a failing run requested at 10:00:00: the run's first task. */
async function failingRun(tenantId: string): Promise<RecordedTask> {
  await onboardTenants(service, [{ tenantId, plan: 'STARTER' }]);
  const started = await request(service.app)
    .post(`/api/v1/pipelines/run/${tenantId}/demo/health/warehouse_check`)
    .set(admin(service))
    .send({ parameters: { fail_on_purpose: true } });
  expect(started.status).toBe(202);
  const tasks = service.dispatcher.take();
  expect(tasks.map((t) => t.runId)).toEqual([started.body.run_id]);
  return tasks[0] as RecordedTask;
}

/** Delivers the first task (its attempt fails) and returns the retry task it dispatched. */
async function failFirstAttempt(firstTask: RecordedTask): Promise<RecordedTask> {
  const res = await deliver(service, firstTask);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ runId: firstTask.runId, executed: true });
  const tasks = service.dispatcher.take();
  expect(tasks).toHaveLength(1);
  return tasks[0] as RecordedTask;
}

/** Both attempts failed, the second delivered at 10:00:02 (after the retry time). */
async function failBothAttempts(tenantId: string): Promise<{ firstTask: RecordedTask; retryTask: RecordedTask }> {
  const firstTask = await failingRun(tenantId);
  const retryTask = await failFirstAttempt(firstTask);
  service.setNow(new Date('2026-09-01T10:00:02Z'));
  expect((await deliver(service, retryTask)).body).toEqual({
    runId: retryTask.runId,
    status: 'failed',
    executed: true,
  });
  return { firstTask, retryTask };
}

describe('a run that fails on purpose', () => {
  it('first attempt fails: RunAttemptFailed, and a new task is dispatched not before the retry time', async () => {
    const firstTask = await failingRun('flaky_first');
    expect(firstTask.notBefore).toBeNull();

    const res = await deliver(service, firstTask);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ runId: firstTask.runId, executed: true });
    const events = await runEvents(service, firstTask.runId);
    expect(runLevel(events)).toEqual(['RunRequested', 'RunQueued', 'RunStarted', 'RunAttemptFailed', 'RunQueued']);
    const failed = events.find((e) => e.type === 'RunAttemptFailed');
    // Backoff after attempt 1: initial_seconds (1 s) after the service clock.
    expect(failed?.data).toMatchObject({ attempt: 1, retryAt: '2026-09-01T10:00:01.000Z' });
    // The step's kind and label are recorded at its start; its verdicts (all of them) in the StepFailed details.
    expect(events.find((e) => e.type === 'StepStarted')?.data).toMatchObject({
      stepId: 'validation_rows',
      kind: 'gcp.data_quality',
      name: 'Onboarding validation rows are present',
    });
    const stepFailed = events.find((e) => e.type === 'StepFailed');
    expect(stepFailed?.data).toMatchObject({
      code: 'DQ_CRITICAL_FAILURE',
      details: { passed: 2, warnings: 0, failed: 1 },
    });
    const verdicts = (stepFailed?.data as { details: { dq_results: { check_id: string; result: string }[] } }).details
      .dq_results;
    expect(Object.fromEntries(verdicts.map((v) => [v.check_id, v.result]))).toEqual({
      has_rows: 'PASS',
      tenant_not_null: 'PASS',
      forced_failure: 'FAIL',
    });

    const tasks = service.dispatcher.take();
    expect(tasks).toHaveLength(1);
    const retryTask = tasks[0] as RecordedTask;
    expect(retryTask).toMatchObject({ runId: firstTask.runId, generation: 2 });
    expect(retryTask.taskName).not.toBe(firstTask.taskName);
    expect(retryTask.notBefore?.toISOString()).toBe('2026-09-01T10:00:01.000Z');
    const readModel = await service.ctx.db.doc(runPath(firstTask.runId)).get();
    expect(readModel.get('status')).toBe('queued');
    expect(readModel.get('notBefore')).toBe('2026-09-01T10:00:01.000Z');
  });

  it('second attempt fails too: RunFailed is final and nothing more is dispatched', async () => {
    const retryTask = await failFirstAttempt(await failingRun('flaky_second'));
    service.setNow(new Date('2026-09-01T10:00:02Z'));
    const res = await deliver(service, retryTask);
    expect(res.body).toEqual({ runId: retryTask.runId, status: 'failed', executed: true });
    const events = await runEvents(service, retryTask.runId);
    expect(runLevel(events)).toEqual([
      'RunRequested',
      'RunQueued',
      'RunStarted',
      'RunAttemptFailed',
      'RunQueued',
      'RunStarted',
      'RunFailed',
    ]);
    expect(events.filter((e) => e.type === 'RunStarted').map((e) => e.data)).toEqual([
      expect.objectContaining({ attempt: 1, resumed: false }),
      expect.objectContaining({ attempt: 2, resumed: false }),
    ]);
    expect(events.at(-1)?.data).toMatchObject({ attempt: 2 });
    expect(service.dispatcher.tasks).toHaveLength(0);

    const run = await request(service.app).get(`/api/v1/pipelines/runs/${retryTask.runId}`).set(admin(service));
    expect(run.body).toMatchObject({ status: 'failed', attempt: 2, error: { code: expect.any(String) } });
  });

  it('a stale re-delivery of the first task does nothing', async () => {
    const { firstTask } = await failBothAttempts('flaky_stale');
    const before = (await runEvents(service, firstTask.runId)).length;
    const res = await deliver(service, firstTask);
    expect(res.body).toEqual({ runId: firstTask.runId, status: 'failed', executed: false });
    expect(await runEvents(service, firstTask.runId)).toHaveLength(before);
  });

  it('usage counts the run once, as failed', async () => {
    await failBothAttempts('flaky_usage');
    const daily = await service.ctx.db.doc(usageDailyPath('flaky_usage', '2026-09-01')).get();
    expect(daily.get('runs')).toBe(1);
    expect(daily.get('failed')).toBe(1);
    expect(daily.get('succeeded')).toBeUndefined();
    const monthly = await service.ctx.db.doc(usageMonthlyPath('flaky_usage', '2026-09')).get();
    expect(monthly.get('runs')).toBe(1);
  });
});
