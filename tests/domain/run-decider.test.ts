import { PLAN_LIMITS } from '../../src/domain/plans';
import type { GateFacts, RunCommand } from '../../src/domain/run/commands';
import { decideRun } from '../../src/domain/run/decide';
import { runEvent, runEventCodecs, type RunEvent } from '../../src/domain/run/events';
import { scheduledRunId } from '../../src/domain/run/ids';
import { evolveRun, finishedSteps, initialRunState, type RunState } from '../../src/domain/run/state';
import { deciderSpec } from './support/decider-spec';

const spec = deciderSpec<RunCommand, RunEvent, RunState>({
  decide: decideRun,
  evolve: evolveRun,
  initialState: initialRunState,
});
const t0 = '2026-11-27T06:00:00.000Z';
const t1 = '2026-11-27T06:01:00.000Z';
const t2 = '2026-11-27T06:05:00.000Z';
const runId = scheduledRunId('acme_corp', 'gcp_cost_cost_billing', new Date(t0));
const pipeline = { provider: 'gcp', domain: 'cost', template: 'cost_billing' };
const request = {
  runId,
  tenantId: 'acme_corp',
  pipeline,
  pipelineId: 'cost_billing',
  trigger: 'schedule' as const,
  configId: 'gcp_cost_cost_billing',
  scheduledTime: t0,
  date: null,
  parameters: {},
  priority: 5,
  overlapPolicy: 'skip' as const,
  maxAttempts: 2,
  requestedAt: t0,
};
const requested = runEvent('RunRequested', request);
const gate = (over: Partial<GateFacts> = {}): GateFacts => ({
  tenantStatus: 'ACTIVE',
  limits: PLAN_LIMITS.STARTER,
  runsToday: 0,
  runsThisMonth: 0,
  runningNow: 0,
  usageDay: '2026-11-27',
  usageMonth: '2026-11',
  ...over,
});
const startCmd = (over: Partial<GateFacts> = {}, leaseLive = false, workerId = 'w1'): RunCommand => ({
  type: 'StartRun',
  data: { gate: gate(over), workerId, leaseLive, deferUntil: t2, now: t1 },
});
const started = runEvent('RunStarted', {
  attempt: 1,
  workerId: 'w1',
  resumed: false,
  usageDay: '2026-11-27',
  usageMonth: '2026-11',
  startedAt: t1,
});

describe('PipelineRun decider', () => {
  it('derives the run id from tenant, schedule and fire time', () => {
    expect(runId).toBe('acme_corp--gcp_cost_cost_billing--20261127T0600Z');
  });

  it('requests a run once: a repeated request decides nothing', () => {
    spec.given([]).when({ type: 'RequestRun', data: request }).then([requested]);
    spec.given([requested]).when({ type: 'RequestRun', data: request }).then([]);
  });

  it('queues with a new task name per dispatch generation', () => {
    const queued = spec
      .given([requested])
      .when({ type: 'MarkQueued', data: { notBefore: null, now: t0 } })
      .then([runEvent('RunQueued', { taskName: `${runId}-g1`, generation: 1, notBefore: null, queuedAt: t0 })]);
    expect(queued.exists && queued.status).toBe('queued');
  });

  it('starts within the limits, and a second delivery under a live lease is only acknowledged', () => {
    const state = spec.given([requested]).when(startCmd()).then([started]);
    expect(state.exists && state.status).toBe('running');
    spec
      .given([requested, started])
      .when(startCmd({}, true, 'w2'))
      .then([]);
  });

  it('rejects over the daily limit before the monthly one, and checks the monthly limit', () => {
    spec
      .given([requested])
      .when(startCmd({ runsToday: 6, runsThisMonth: 180 }))
      .then([
        runEvent('RunRejected', {
          code: 'DAILY_QUOTA_EXCEEDED',
          message: 'Daily limit of 6 runs reached (2026-11-27)',
          rejectedAt: t1,
        }),
      ]);
    spec
      .given([requested])
      .when(startCmd({ runsToday: 2, runsThisMonth: 180 }))
      .then([
        runEvent('RunRejected', {
          code: 'MONTHLY_QUOTA_EXCEEDED',
          message: 'Monthly limit of 180 runs reached (2026-11)',
          rejectedAt: t1,
        }),
      ]);
    spec
      .given([requested])
      .when(startCmd({ tenantStatus: 'SUSPENDED' }))
      .then([
        runEvent('RunRejected', { code: 'TENANT_NOT_ACTIVE', message: 'The tenant is SUSPENDED', rejectedAt: t1 }),
      ]);
  });

  it('defers at the concurrency limit (never drops), then starts when a slot is free', () => {
    const deferred = runEvent('RunDeferred', { running: 1, limit: 1, retryAt: t2, deferrals: 1, deferredAt: t1 });
    spec
      .given([requested])
      .when(startCmd({ runningNow: 1 }))
      .then([deferred]);
    spec
      .given([requested, deferred])
      .when(startCmd({ runningNow: 0 }))
      .then([started]);
  });

  it('a worker that died (lease expired) is replaced: the same attempt resumes after its finished steps', () => {
    const stepDone = runEvent('StepSucceeded', {
      stepId: 'load',
      attempt: 1,
      runAttempt: 1,
      details: null,
      finishedAt: t1,
    });
    const stepRunning = runEvent('StepStarted', {
      stepId: 'check',
      attempt: 1,
      runAttempt: 1,
      jobId: `${runId}_check_1`,
      startedAt: t1,
    });
    const state = spec
      .given([requested, started, stepDone, stepRunning])
      .when(startCmd({ runningNow: 1 }, false, 'w2'))
      .then([
        runEvent('RunStarted', {
          attempt: 1,
          workerId: 'w2',
          resumed: true,
          usageDay: '2026-11-27',
          usageMonth: '2026-11',
          startedAt: t1,
        }),
      ]);
    expect(state.exists && finishedSteps(state)).toEqual({ load: 'succeeded' });
    expect(state.exists && state.steps.check).toEqual({ status: 'running', attempt: 1 });
  });

  it('records each step once: a repeated report decides nothing, a finished step cannot start again', () => {
    const stepStarted = runEvent('StepStarted', {
      stepId: 'load',
      attempt: 1,
      runAttempt: 1,
      jobId: 'j',
      startedAt: t1,
    });
    spec
      .given([requested, started])
      .when({ type: 'StartStep', data: { workerId: 'w1', stepId: 'load', attempt: 1, jobId: 'j', now: t1 } })
      .then([stepStarted]);
    spec
      .given([requested, started, stepStarted])
      .when({ type: 'StartStep', data: { workerId: 'w1', stepId: 'load', attempt: 1, jobId: 'j', now: t1 } })
      .then([]);
    const done = runEvent('StepSucceeded', {
      stepId: 'load',
      attempt: 1,
      runAttempt: 1,
      details: { rows: 3 },
      finishedAt: t2,
    });
    spec
      .given([requested, started, stepStarted])
      .when({
        type: 'FinishStep',
        data: {
          workerId: 'w1',
          stepId: 'load',
          attempt: 1,
          outcome: { status: 'succeeded', details: { rows: 3 } },
          now: t2,
        },
      })
      .then([done]);
    spec
      .given([requested, started, stepStarted, done])
      .when({
        type: 'FinishStep',
        data: {
          workerId: 'w1',
          stepId: 'load',
          attempt: 1,
          outcome: { status: 'failed', code: 'X', message: 'x' },
          now: t2,
        },
      })
      .then([]);
    spec
      .given([requested, started, stepStarted, done])
      .when({ type: 'StartStep', data: { workerId: 'w1', stepId: 'load', attempt: 2, jobId: 'j2', now: t2 } })
      .thenFails('INVALID_COMMAND');
    spec
      .given([requested])
      .when({ type: 'StartStep', data: { workerId: 'w1', stepId: 'load', attempt: 1, jobId: 'j', now: t1 } })
      .thenFails('RUN_NOT_RUNNING');
  });

  it("records a step's kind and label when given, and a failed step's details; without them the events are as before", () => {
    const stepStarted = runEvent('StepStarted', {
      stepId: 'check',
      attempt: 1,
      runAttempt: 1,
      jobId: 'j',
      kind: 'gcp.data_quality',
      name: 'Check',
      startedAt: t1,
    });
    spec
      .given([requested, started])
      .when({
        type: 'StartStep',
        data: {
          workerId: 'w1',
          stepId: 'check',
          attempt: 1,
          jobId: 'j',
          kind: 'gcp.data_quality',
          name: 'Check',
          now: t1,
        },
      })
      .then([stepStarted]);
    const details = { dq_results: [{ check_id: 'has_rows', result: 'FAIL' }], failed: 1 };
    const failure = {
      type: 'FinishStep',
      data: {
        workerId: 'w1',
        stepId: 'check',
        attempt: 1,
        outcome: { status: 'failed', code: 'DQ_CRITICAL_FAILURE', message: 'm', details },
        now: t2,
      },
    } as const;
    spec
      .given([requested, started, stepStarted])
      .when(failure)
      .then([
        runEvent('StepFailed', {
          stepId: 'check',
          attempt: 1,
          runAttempt: 1,
          code: 'DQ_CRITICAL_FAILURE',
          message: 'm',
          details,
          finishedAt: t2,
        }),
      ]);
    // toEqual would not tell a missing key from an undefined one: the key itself must be absent (the hash covers it).
    const state = [requested, started, stepStarted].reduce(evolveRun, initialRunState);
    const plain = decideRun(
      { ...failure, data: { ...failure.data, outcome: { status: 'failed', code: 'X', message: 'm', details: null } } },
      state,
    );
    expect(plain._tag === 'Right' && Object.keys(plain.right[0]?.data ?? {})).toEqual([
      'stepId',
      'runAttempt',
      'attempt',
      'code',
      'message',
      'finishedAt',
    ]);
  });

  it('decodes StepFailed and StepStarted recorded before details and kind existed, and with them', () => {
    const old = { stepId: 's', attempt: 1, runAttempt: 1, code: 'X', message: 'm', finishedAt: t2 };
    expect(runEventCodecs.StepFailed.is(old)).toBe(true);
    expect(runEventCodecs.StepFailed.is({ ...old, details: { dq_results: [] } })).toBe(true);
    expect(runEventCodecs.StepFailed.is({ ...old, code: 1 })).toBe(false);
    const oldStart = { stepId: 's', attempt: 1, runAttempt: 1, jobId: 'j', startedAt: t1 };
    expect(runEventCodecs.StepStarted.is(oldStart)).toBe(true);
    expect(runEventCodecs.StepStarted.is({ ...oldStart, kind: 'gcp.bq_etl', name: 'Load' })).toBe(true);
    expect(runEventCodecs.StepStarted.is({ ...oldStart, kind: 7 })).toBe(false);
  });

  it('retries a failed attempt while attempts remain, then fails; a retry is not counted against the quota again', () => {
    const retry = runEvent('RunAttemptFailed', {
      attempt: 1,
      code: 'STEP_FAILED',
      message: 'boom',
      retryAt: t2,
      failedAt: t2,
    });
    spec
      .given([requested, started])
      .when({
        type: 'FinishRun',
        data: {
          workerId: 'w1',
          outcome: { status: 'failed', code: 'STEP_FAILED', message: 'boom', retryAt: t2 },
          now: t2,
        },
      })
      .then([retry]);
    const second = runEvent('RunStarted', {
      attempt: 2,
      workerId: 'w1',
      resumed: false,
      usageDay: '2026-11-27',
      usageMonth: '2026-11',
      startedAt: t1,
    });
    const state = spec
      .given([requested, started, retry])
      .when(startCmd({ runsToday: 6 }))
      .then([second]);
    expect(state.exists && state.steps).toEqual({});
    spec
      .given([requested, started, retry, second])
      .when({
        type: 'FinishRun',
        data: {
          workerId: 'w1',
          outcome: { status: 'failed', code: 'STEP_FAILED', message: 'boom', retryAt: t2 },
          now: t2,
        },
      })
      .then([
        runEvent('RunFailed', {
          attempt: 2,
          code: 'STEP_FAILED',
          message: 'boom',
          durationMs: 240_000,
          finishedAt: t2,
        }),
      ]);
  });

  it('succeeds once; times out; a finished run ignores further starts, finishes and cancels', () => {
    const succeeded = runEvent('RunSucceeded', { attempt: 1, durationMs: 240_000, finishedAt: t2 });
    spec
      .given([requested, started])
      .when({ type: 'FinishRun', data: { workerId: 'w1', outcome: { status: 'succeeded' }, now: t2 } })
      .then([succeeded]);
    spec
      .given([requested, started, succeeded])
      .when({ type: 'FinishRun', data: { workerId: 'w1', outcome: { status: 'succeeded' }, now: t2 } })
      .then([]);
    spec.given([requested, started, succeeded]).when(startCmd()).then([]);
    spec
      .given([requested, started, succeeded])
      .when({ type: 'CancelRun', data: { reason: 'x', now: t2 } })
      .then([]);
    spec
      .given([requested, started])
      .when({
        type: 'FinishRun',
        data: {
          workerId: 'w1',
          outcome: {
            status: 'timed_out',
            code: 'TIMED_OUT',
            message: 'lease expired past the pipeline timeout',
            retryAt: null,
          },
          now: t2,
        },
      })
      .then([
        runEvent('RunTimedOut', { attempt: 1, message: 'lease expired past the pipeline timeout', finishedAt: t2 }),
      ]);
  });

  it('cancels an open run', () => {
    const state = spec
      .given([requested, started])
      .when({ type: 'CancelRun', data: { reason: 'by operator', now: t2 } })
      .then([runEvent('RunCancelled', { reason: 'by operator', cancelledAt: t2 })]);
    expect(state.exists && state.status).toBe('cancelled');
  });

  it('missed and skipped fires are terminal runs of their own', () => {
    const missed = runEvent('RunMissed', {
      runId,
      tenantId: 'acme_corp',
      configId: 'gcp_cost_cost_billing',
      pipeline,
      fireTime: t0,
      catchupWindowMinutes: 120,
      recordedAt: t2,
    });
    const state = spec.given([]).when({ type: 'RecordMissed', data: missed.data }).then([missed]);
    expect(state.exists && state.status).toBe('missed');
    spec.given([missed]).when(startCmd()).then([]);
    spec.given([missed]).when({ type: 'RequestRun', data: request }).then([]);
  });

  it('a worker that lost its lease cannot report steps or finish the run; a resume keeps the attempt start time', () => {
    const takenOver = runEvent('RunStarted', {
      attempt: 1,
      workerId: 'w2',
      resumed: true,
      usageDay: '2026-11-27',
      usageMonth: '2026-11',
      startedAt: t2,
    });
    spec
      .given([requested, started, takenOver])
      .when({ type: 'StartStep', data: { workerId: 'w1', stepId: 'load', attempt: 1, jobId: 'j', now: t2 } })
      .thenFails('RUN_LEASE_LOST');
    spec
      .given([requested, started, takenOver])
      .when({
        type: 'FinishStep',
        data: { workerId: 'w1', stepId: 'load', attempt: 1, outcome: { status: 'succeeded', details: null }, now: t2 },
      })
      .thenFails('RUN_LEASE_LOST');
    spec
      .given([requested, started, takenOver])
      .when({
        type: 'FinishRun',
        data: {
          workerId: 'w1',
          outcome: { status: 'failed', code: 'CANCELLED', message: 'lease lost', retryAt: null },
          now: t2,
        },
      })
      .thenFails('RUN_LEASE_LOST');
    const state = spec
      .given([requested, started, takenOver])
      .when({ type: 'FinishRun', data: { workerId: 'w2', outcome: { status: 'succeeded' }, now: t2 } })
      .then([runEvent('RunSucceeded', { attempt: 1, durationMs: 240_000, finishedAt: t2 })]);
    expect(state.exists && state.startedAt).toBe(t1);
    // process-queue times out a dead worker's run without being that worker.
    spec
      .given([requested, started])
      .when({
        type: 'FinishRun',
        data: {
          workerId: null,
          outcome: { status: 'timed_out', code: 'PIPELINE_TIMEOUT', message: 'x', retryAt: null },
          now: t2,
        },
      })
      .then([runEvent('RunTimedOut', { attempt: 1, message: 'x', finishedAt: t2 })]);
  });
});
