import type { RunCommand, RunOutcome } from '../../domain/run/commands';
import type { ExistingRun, RunState } from '../../domain/run/state';
import type {
  PipelineDefinition,
  PipelineRunResult,
  StepFailedReport,
  StepSkippedReport,
  StepStartedReport,
  StepSucceededReport,
} from '../../pipelines';
import { backoffDelayMs } from '../../pipelines/executor/backoff';
import type { GateSnapshot } from './gate';
import { eventDetails } from './step-event-details';

/**
 * The decisions of one run's execution as pure functions of what it has read: no I/O, no clock of their own.
 * execute-run.ts carries them out.
 */

/** Deferral backoff doubles per deferral, up to this. */
const MAX_DEFERRAL_MS = 15 * 60_000;

/** The gate's command for this delivery: start, resume, defer, reject or nothing (the decider chooses). */
export function startCommand(
  state: RunState,
  gate: GateSnapshot,
  runId: string,
  workerId: string,
  deferBaseMs: number,
): RunCommand {
  const slot = gate.slots[runId];
  const deferrals = state.exists ? state.deferrals : 0;
  const deferUntil = new Date(gate.nowMs + Math.min(deferBaseMs * 2 ** deferrals, MAX_DEFERRAL_MS));
  return {
    type: 'StartRun',
    data: {
      gate: gate.facts,
      workerId,
      leaseLive: slot !== undefined && slot.workerId !== workerId,
      deferUntil: deferUntil.toISOString(),
      now: new Date(gate.nowMs).toISOString(),
    },
  };
}

export interface RetryPolicy {
  readonly attempts: number;
  readonly backoff: Parameters<typeof backoffDelayMs>[1];
}

/** When the next attempt may start, or null when this was the last one. */
export function retryAt(policy: RetryPolicy, attempt: number, now: Date): string | null {
  if (attempt >= policy.attempts) return null;
  return new Date(now.getTime() + backoffDelayMs(attempt, policy.backoff)).toISOString();
}

/** How the run ends after its pipeline ran (a cancellation is final: no retry). */
export function pipelineOutcome(result: PipelineRunResult, retry: string | null): RunOutcome {
  if (result.status === 'succeeded') return { status: 'succeeded' };
  const code = result.error?.code ?? 'FAILED';
  const message = result.error?.message ?? `the run ended ${result.status}`;
  if (result.status === 'cancelled') return { status: 'failed', code: 'CANCELLED', message, retryAt: null };
  return { status: result.status === 'timed_out' ? 'timed_out' : 'failed', code, message, retryAt: retry };
}

/** A run that cannot execute at all: no request, or a pipeline that no longer loads. Never retried. */
export const unrunnable = (code: string, message: string): RunOutcome => ({
  status: 'failed',
  code,
  message: message.slice(0, 1000),
  retryAt: null,
});

/** Steps already running when this delivery resumes the run, with their attempt (their job id is reused). */
export function runningAttempts(run: ExistingRun): Readonly<Record<string, number>> {
  return Object.fromEntries(
    Object.entries(run.steps)
      .filter(([, step]) => step.status === 'running')
      .map(([id, step]) => [id, step.attempt]),
  );
}

const SETTLED = new Set(['succeeded', 'failed', 'skipped']);

/** Whether settling `stepId` settles every step: its report can then ride in the run's finish commit. */
export function settlesLastStep(pipeline: PipelineDefinition, recorded: RunState, stepId: string): boolean {
  const steps = recorded.exists ? recorded.steps : {};
  return pipeline.steps.every((step) => step.step_id === stepId || SETTLED.has(steps[step.step_id]?.status ?? ''));
}

/** The run commands that record each step report of the executor. */
export const stepCommands = {
  started(pipeline: PipelineDefinition, workerId: string, report: StepStartedReport): RunCommand {
    const step = pipeline.steps.find((candidate) => candidate.step_id === report.stepId);
    const labels = { ...(step ? { kind: step.ps_type } : {}), ...(step?.name ? { name: step.name } : {}) };
    const { stepId, attempt, jobId, startedAt } = report;
    return { type: 'StartStep', data: { workerId, stepId, attempt, jobId, ...labels, now: startedAt } };
  },
  succeeded(workerId: string, report: StepSucceededReport): RunCommand {
    const affected = report.output.affectedRows === undefined ? {} : { affectedRows: report.output.affectedRows };
    const outcome = { status: 'succeeded' as const, details: eventDetails(report.output.details, affected) };
    const { stepId, attempt, finishedAt } = report;
    return { type: 'FinishStep', data: { workerId, stepId, attempt, outcome, now: finishedAt } };
  },
  failed(workerId: string, report: StepFailedReport): RunCommand {
    const { code, message } = report.error;
    const outcome = { status: 'failed' as const, code, message, details: eventDetails(report.details) };
    const { stepId, attempt, finishedAt } = report;
    return { type: 'FinishStep', data: { workerId, stepId, attempt, outcome, now: finishedAt } };
  },
  skipped(workerId: string, report: StepSkippedReport, now: string): RunCommand {
    const outcome = { status: 'skipped' as const, reason: report.reason };
    return { type: 'FinishStep', data: { workerId, stepId: report.stepId, attempt: 0, outcome, now } };
  },
};
