import { requested, runStream } from './support/recorded-events';

export const dqResult = (checkId: string, result: 'PASS' | 'WARNING' | 'FAIL', checkedAt: string) => ({
  check_id: checkId,
  expectation_type: 'not_null',
  target_table: 'acme.billing_cost_daily',
  column: 'billing_account_id',
  severity: result === 'WARNING' ? 'warning' : 'critical',
  result,
  observed: result === 'PASS' ? '0 failing rows' : '3 failing rows',
  expected: 'no NULL in billing_account_id',
  failing_rows: result === 'PASS' ? 0 : 3,
  description: null,
  job_id: `job-${checkId}`,
  checked_at: checkedAt,
});

/**
 * A scheduled run's eventful life: dispatched, deferred, dispatched again, started; its check step retried
 * and failed on a critical expectation (details in StepFailed), a dependent step skipped; the attempt failed
 * and was retried the next day, when every step succeeded.
 */
export function runLife(runId = 'acme--daily_cost--20260302T0600Z') {
  const s = runStream(runId, 'acme', '2026-03-02T10:00:00.000Z');
  s.add(
    'RunRequested',
    requested(runId, 'acme', { at: '2026-03-02T10:00:00.000Z', fireTime: '2026-03-02T06:00:00.000Z' }),
    { actor: 'scheduler' },
  );
  s.add('RunQueued', { taskName: `${runId}-g1`, generation: 1, notBefore: null, queuedAt: '2026-03-02T10:00:00.000Z' });
  s.add('RunDeferred', {
    running: 1,
    limit: 1,
    retryAt: '2026-03-02T10:01:00.000Z',
    deferrals: 1,
    deferredAt: '2026-03-02T10:00:02.000Z',
  });
  s.add('RunQueued', {
    taskName: `${runId}-g2`,
    generation: 2,
    notBefore: '2026-03-02T10:01:00.000Z',
    queuedAt: '2026-03-02T10:00:02.000Z',
  });
  s.add('RunStarted', {
    attempt: 1,
    workerId: 'w1',
    resumed: false,
    usageDay: '2026-03-02',
    usageMonth: '2026-03',
    startedAt: '2026-03-02T10:01:00.000Z',
  });
  s.add('StepStarted', {
    stepId: 'load',
    attempt: 1,
    runAttempt: 1,
    jobId: `${runId}_load_1`,
    kind: 'gcp.bq_etl',
    name: 'Load the day',
    startedAt: '2026-03-02T10:01:01.000Z',
  });
  s.add('StepSucceeded', {
    stepId: 'load',
    attempt: 1,
    runAttempt: 1,
    details: { destination: 'acme.billing_cost_daily', affectedRows: 42 },
    finishedAt: '2026-03-02T10:01:31.000Z',
  });
  s.add('StepStarted', {
    stepId: 'check',
    attempt: 1,
    runAttempt: 1,
    jobId: `${runId}_check_1`,
    kind: 'gcp.data_quality',
    startedAt: '2026-03-02T10:01:32.000Z',
  });
  s.add('StepStarted', {
    stepId: 'check',
    attempt: 2,
    runAttempt: 1,
    jobId: `${runId}_check_2`,
    kind: 'gcp.data_quality',
    startedAt: '2026-03-02T10:01:40.000Z',
  });
  s.add('StepFailed', {
    stepId: 'check',
    attempt: 2,
    runAttempt: 1,
    code: 'DQ_CRITICAL_FAILURE',
    message: 'critical expectations failed: account_not_null',
    details: {
      dq_results: [
        dqResult('account_not_null', 'FAIL', '2026-03-02T10:01:41.000Z'),
        dqResult('has_rows', 'WARNING', '2026-03-02T10:01:41.000Z'),
      ],
      passed: 0,
      warnings: 1,
      failed: 1,
    },
    finishedAt: '2026-03-02T10:01:42.000Z',
  });
  s.add('StepSkipped', {
    stepId: 'publish',
    runAttempt: 1,
    reason: 'dependency_not_succeeded',
    finishedAt: '2026-03-02T10:01:43.000Z',
  });
  s.add('RunAttemptFailed', {
    attempt: 1,
    code: 'DQ_CRITICAL_FAILURE',
    message: 'critical expectations failed: account_not_null',
    retryAt: '2026-03-03T00:30:00.000Z',
    failedAt: '2026-03-02T10:01:44.000Z',
  });
  s.add('RunQueued', {
    taskName: `${runId}-g3`,
    generation: 3,
    notBefore: '2026-03-03T00:30:00.000Z',
    queuedAt: '2026-03-02T10:01:44.000Z',
  });
  s.add('RunStarted', {
    attempt: 2,
    workerId: 'w2',
    resumed: false,
    usageDay: '2026-03-03',
    usageMonth: '2026-03',
    startedAt: '2026-03-03T00:30:00.000Z',
  });
  s.add('StepStarted', {
    stepId: 'load',
    attempt: 1,
    runAttempt: 2,
    jobId: `${runId}_load_1`,
    kind: 'gcp.bq_etl',
    startedAt: '2026-03-03T00:30:01.000Z',
  });
  s.add('StepSucceeded', {
    stepId: 'load',
    attempt: 1,
    runAttempt: 2,
    details: null,
    finishedAt: '2026-03-03T00:30:11.000Z',
  });
  s.add('StepStarted', {
    stepId: 'check',
    attempt: 1,
    runAttempt: 2,
    jobId: `${runId}_check_1`,
    kind: 'gcp.data_quality',
    startedAt: '2026-03-03T00:30:12.000Z',
  });
  s.add('StepSucceeded', {
    stepId: 'check',
    attempt: 1,
    runAttempt: 2,
    details: {
      dq_results: [
        dqResult('account_not_null', 'PASS', '2026-03-03T00:30:13.000Z'),
        dqResult('has_rows', 'PASS', '2026-03-03T00:30:13.000Z'),
      ],
      passed: 2,
      warnings: 0,
      failed: 0,
    },
    finishedAt: '2026-03-03T00:30:14.000Z',
  });
  s.add('StepStarted', {
    stepId: 'publish',
    attempt: 1,
    runAttempt: 2,
    jobId: `${runId}_publish_1`,
    startedAt: '2026-03-03T00:30:15.000Z',
  });
  s.add('StepSucceeded', {
    stepId: 'publish',
    attempt: 1,
    runAttempt: 2,
    details: { status: 200 },
    finishedAt: '2026-03-03T00:30:16.000Z',
  });
  s.add('RunSucceeded', { attempt: 2, durationMs: 16_000, finishedAt: '2026-03-03T00:30:16.000Z' });
  return { stream: s, events: s.events, runId };
}

/** Fire times the trigger did not run, and runs that ended early: one short stream each. */
export function shortRuns() {
  const missed = runStream('acme--daily_cost--20260301T0600Z', 'acme', '2026-03-02T10:00:00.000Z');
  missed.add(
    'RunMissed',
    {
      runId: 'acme--daily_cost--20260301T0600Z',
      tenantId: 'acme',
      configId: 'daily_cost',
      pipeline: { provider: 'gcp', domain: 'cost', template: 'cost_billing' },
      fireTime: '2026-03-01T06:00:00.000Z',
      catchupWindowMinutes: 120,
      recordedAt: '2026-03-02T10:00:00.000Z',
    },
    { actor: 'scheduler' },
  );

  const skipped = runStream('acme--daily_cost--20260303T0600Z', 'acme', '2026-03-03T06:00:00.000Z');
  skipped.add(
    'RunSkipped',
    {
      runId: 'acme--daily_cost--20260303T0600Z',
      tenantId: 'acme',
      configId: 'daily_cost',
      pipeline: { provider: 'gcp', domain: 'cost', template: 'cost_billing' },
      fireTime: '2026-03-03T06:00:00.000Z',
      blockingRunId: 'acme--daily_cost--20260302T0600Z',
      recordedAt: '2026-03-03T06:00:00.000Z',
    },
    { actor: 'scheduler' },
  );

  const rejected = runStream('acme--manual--r1', 'acme', '2026-03-02T11:00:00.000Z');
  rejected.add(
    'RunRequested',
    requested('acme--manual--r1', 'acme', {
      trigger: 'manual',
      configId: 'daily_cost',
      at: '2026-03-02T11:00:00.000Z',
    }),
    { actor: 'alice' },
  );
  rejected.add('RunQueued', {
    taskName: 'acme--manual--r1-g1',
    generation: 1,
    notBefore: null,
    queuedAt: '2026-03-02T11:00:00.000Z',
  });
  rejected.add('RunRejected', {
    code: 'DAILY_QUOTA_EXCEEDED',
    message: 'Daily limit of 6 runs reached (2026-03-02)',
    rejectedAt: '2026-03-02T11:00:01.000Z',
  });

  const cancelled = runStream('acme--manual--c1', 'acme', '2026-03-02T12:00:00.000Z');
  cancelled.add(
    'RunRequested',
    requested('acme--manual--c1', 'acme', { trigger: 'manual', configId: null, at: '2026-03-02T12:00:00.000Z' }),
    { actor: 'alice' },
  );
  cancelled.add('RunQueued', {
    taskName: 'acme--manual--c1-g1',
    generation: 1,
    notBefore: null,
    queuedAt: '2026-03-02T12:00:00.000Z',
  });
  cancelled.add(
    'RunCancelled',
    { reason: 'changed my mind', cancelledAt: '2026-03-02T12:00:05.000Z' },
    { actor: 'alice' },
  );

  const timedOut = runStream('acme--manual--t1', 'acme', '2026-03-02T13:00:00.000Z');
  timedOut.add(
    'RunRequested',
    requested('acme--manual--t1', 'acme', { trigger: 'manual', configId: null, at: '2026-03-02T13:00:00.000Z' }),
    { actor: 'alice' },
  );
  timedOut.add('RunQueued', {
    taskName: 'acme--manual--t1-g1',
    generation: 1,
    notBefore: null,
    queuedAt: '2026-03-02T13:00:00.000Z',
  });
  timedOut.add('RunStarted', {
    attempt: 1,
    workerId: 'w1',
    resumed: false,
    usageDay: '2026-03-02',
    usageMonth: '2026-03',
    startedAt: '2026-03-02T13:00:01.000Z',
  });
  timedOut.add('StepStarted', {
    stepId: 'load',
    attempt: 1,
    runAttempt: 1,
    jobId: 'acme--manual--t1_load_1',
    kind: 'gcp.bq_etl',
    startedAt: '2026-03-02T13:00:02.000Z',
  });
  timedOut.add('RunStarted', {
    attempt: 1,
    workerId: 'w2',
    resumed: true,
    usageDay: '2026-03-02',
    usageMonth: '2026-03',
    startedAt: '2026-03-02T13:20:00.000Z',
  });
  timedOut.add('RunTimedOut', {
    attempt: 1,
    message: 'the worker stopped and the pipeline timeout of 60 min elapsed',
    finishedAt: '2026-03-02T14:01:00.000Z',
  });

  return {
    missed: missed.events,
    skipped: skipped.events,
    rejected: rejected.events,
    cancelled: cancelled.events,
    timedOut: timedOut.events,
  };
}
