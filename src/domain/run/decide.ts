import * as E from 'fp-ts/Either';
import { domainError, type DomainError } from '../errors';
import type { RunCommand } from './commands';
import { runEvent, type RunEvent } from './events';
import { runTaskName } from './ids';
import { OPEN_STATUSES, TERMINAL_STATUSES, type ExistingRun, type RunState } from './state';
import { ownEntry } from '../own-entry';

type Decision = E.Either<DomainError, readonly RunEvent[]>;
const ok = (...events: RunEvent[]): Decision => E.right(events);
const fail = (...args: Parameters<typeof domainError>): Decision => E.left(domainError(...args));

/**
 * Decides what a command means for a run. Every command is idempotent against the state it would produce:
 * a duplicate request, start, step report or finish decides nothing, so at-least-once delivery is harmless.
 */
export function decideRun(command: RunCommand, state: RunState): Decision {
  switch (command.type) {
    case 'RequestRun':
      return state.exists ? ok() : ok(runEvent('RunRequested', command.data));
    case 'RecordMissed':
      return state.exists ? ok() : ok(runEvent('RunMissed', command.data));
    case 'RecordSkipped':
      return state.exists ? ok() : ok(runEvent('RunSkipped', command.data));
  }
  if (!state.exists) return fail('RUN_NOT_FOUND', 'Run not found');
  switch (command.type) {
    case 'MarkQueued': {
      if (state.status !== 'requested' && state.status !== 'queued' && state.status !== 'deferred') return ok();
      const generation = state.generation + 1;
      return ok(
        runEvent('RunQueued', {
          taskName: runTaskName(state.runId, generation),
          generation,
          notBefore: command.data.notBefore,
          queuedAt: command.data.now,
        }),
      );
    }
    case 'StartRun':
      return start(state, command.data);
    case 'StartStep': {
      if (state.status !== 'running') return fail('RUN_NOT_RUNNING', `Run ${state.runId} is ${state.status}`);
      if (state.workerId !== command.data.workerId) return leaseLost(state);
      const step = ownEntry(state.steps, command.data.stepId);
      if (step && step.status !== 'running')
        return fail('INVALID_COMMAND', `Step ${command.data.stepId} already finished (${step.status})`);
      if (step && step.attempt === command.data.attempt) return ok();
      const { stepId, attempt, jobId, kind, name, now } = command.data;
      return ok(
        runEvent('StepStarted', {
          stepId,
          attempt,
          runAttempt: state.attempt,
          jobId,
          ...(kind === undefined ? {} : { kind }),
          ...(name === undefined ? {} : { name }),
          startedAt: now,
        }),
      );
    }
    case 'FinishStep': {
      if (state.status !== 'running') return fail('RUN_NOT_RUNNING', `Run ${state.runId} is ${state.status}`);
      if (state.workerId !== command.data.workerId) return leaseLost(state);
      const { stepId, attempt, outcome, now } = command.data;
      const step = ownEntry(state.steps, stepId);
      if (step && step.status !== 'running') return ok();
      const common = { stepId, runAttempt: state.attempt };
      if (outcome.status === 'succeeded')
        return ok(runEvent('StepSucceeded', { ...common, attempt, details: outcome.details ?? null, finishedAt: now }));
      if (outcome.status === 'failed') {
        // Details only when there are some: an event without them is byte-for-byte what it always was.
        const details = outcome.details === undefined || outcome.details === null ? {} : { details: outcome.details };
        return ok(
          runEvent('StepFailed', {
            ...common,
            attempt,
            code: outcome.code,
            message: outcome.message,
            ...details,
            finishedAt: now,
          }),
        );
      }
      return ok(runEvent('StepSkipped', { ...common, reason: outcome.reason, finishedAt: now }));
    }
    case 'FinishRun':
      // null: a finish decided without the worker (process-queue timing out a dead worker's run).
      if (state.status === 'running' && command.data.workerId !== null && state.workerId !== command.data.workerId)
        return leaseLost(state);
      return finish(state, command.data.outcome, command.data.now);
    case 'CancelRun':
      if (!OPEN_STATUSES.has(state.status)) return ok();
      return ok(runEvent('RunCancelled', { reason: command.data.reason, cancelledAt: command.data.now }));
  }
}

const leaseLost = (state: ExistingRun): Decision =>
  fail('RUN_LEASE_LOST', `Run ${state.runId} is now executed by another worker`);

function start(state: ExistingRun, data: Extract<RunCommand, { type: 'StartRun' }>['data']): Decision {
  if (TERMINAL_STATUSES.has(state.status)) return ok();
  const { gate, workerId, now } = data;
  if (state.status === 'running') {
    // Another delivery holds a live lease: acknowledge without a second execution. An expired lease means its
    // worker died: this one resumes the same attempt after the steps already finished.
    if (data.leaseLive) return ok();
    return ok(
      runEvent('RunStarted', {
        attempt: state.attempt,
        workerId,
        resumed: true,
        usageDay: state.usage?.day ?? gate.usageDay,
        usageMonth: state.usage?.month ?? gate.usageMonth,
        startedAt: now,
      }),
    );
  }
  if (gate.tenantStatus !== 'ACTIVE')
    return ok(
      runEvent('RunRejected', {
        code: 'TENANT_NOT_ACTIVE',
        message: `The tenant is ${gate.tenantStatus}`,
        rejectedAt: now,
      }),
    );
  // Quotas count runs, not attempts: a pipeline-level retry was counted when the run first started.
  if (state.attempt === 0) {
    if (gate.runsToday >= gate.limits.dailyRuns) {
      return ok(
        runEvent('RunRejected', {
          code: 'DAILY_QUOTA_EXCEEDED',
          message: `Daily limit of ${gate.limits.dailyRuns} runs reached (${gate.usageDay})`,
          rejectedAt: now,
        }),
      );
    }
    if (gate.runsThisMonth >= gate.limits.monthlyRuns) {
      return ok(
        runEvent('RunRejected', {
          code: 'MONTHLY_QUOTA_EXCEEDED',
          message: `Monthly limit of ${gate.limits.monthlyRuns} runs reached (${gate.usageMonth})`,
          rejectedAt: now,
        }),
      );
    }
  }
  if (gate.runningNow >= gate.limits.concurrentRuns) {
    return ok(
      runEvent('RunDeferred', {
        running: gate.runningNow,
        limit: gate.limits.concurrentRuns,
        retryAt: data.deferUntil,
        deferrals: state.deferrals + 1,
        deferredAt: now,
      }),
    );
  }
  return ok(
    runEvent('RunStarted', {
      attempt: state.attempt + 1,
      workerId,
      resumed: false,
      usageDay: gate.usageDay,
      usageMonth: gate.usageMonth,
      startedAt: now,
    }),
  );
}

function finish(
  state: ExistingRun,
  outcome: Extract<RunCommand, { type: 'FinishRun' }>['data']['outcome'],
  now: string,
): Decision {
  if (state.status !== 'running')
    return TERMINAL_STATUSES.has(state.status)
      ? ok()
      : fail('RUN_NOT_RUNNING', `Run ${state.runId} is ${state.status}`);
  const durationMs = Math.max(0, Date.parse(now) - Date.parse(state.startedAt ?? now));
  if (outcome.status === 'succeeded')
    return ok(runEvent('RunSucceeded', { attempt: state.attempt, durationMs, finishedAt: now }));
  const maxAttempts = state.request?.maxAttempts ?? 1;
  if (outcome.retryAt && state.attempt < maxAttempts) {
    return ok(
      runEvent('RunAttemptFailed', {
        attempt: state.attempt,
        code: outcome.code,
        message: outcome.message,
        retryAt: outcome.retryAt,
        failedAt: now,
      }),
    );
  }
  if (outcome.status === 'timed_out')
    return ok(runEvent('RunTimedOut', { attempt: state.attempt, message: outcome.message, finishedAt: now }));
  return ok(
    runEvent('RunFailed', {
      attempt: state.attempt,
      code: outcome.code,
      message: outcome.message,
      durationMs,
      finishedAt: now,
    }),
  );
}
