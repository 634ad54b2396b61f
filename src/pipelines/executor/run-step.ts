/**
 * One step with its attempts: each attempt gets the deterministic job id `{run_id}_{step_id}_{attempt}`, a
 * signal that aborts on the step timeout, the pipeline timeout or cancellation, and a lifecycle report at
 * its start and end. A failed attempt is retried after exponential backoff unless the error says another
 * attempt cannot help, or the run itself is over.
 */
import { describeError, StepError } from '../errors';
import type { PipelineDefinition, StepDefinition } from '../model/pipeline';
import type { RunSummary, StepDeps, StepKind, StepReport } from '../steps/step-kind';
import type { Variables } from '../variables/values';
import { raceAbort } from './abort';
import { backoffDelayMs } from './backoff';
import type { StepLifecycle, StepOutput } from './lifecycle';

export interface RunSignals {
  /** Cancellation from outside (a cancelled run, a lost lease). */
  readonly cancel: AbortSignal;
  /** Aborts when the pipeline's own timeout elapses; notifications run without it. */
  readonly pipelineTimeout?: AbortSignal;
}

export interface RunStepInput {
  readonly pipeline: PipelineDefinition;
  readonly step: StepDefinition;
  readonly kind: StepKind;
  readonly runId: string;
  readonly variables: Variables;
  readonly deps: StepDeps;
  readonly lifecycle: StepLifecycle;
  readonly signals: RunSignals;
  /** On resume: the attempt that was started but not finished, re-run under the same job id. */
  readonly firstAttempt: number;
  readonly summary?: RunSummary;
}

export const jobIdFor = (runId: string, stepId: string, attempt: number, suffix?: string): string =>
  `${runId}_${stepId}_${attempt}${suffix === undefined ? '' : `_${suffix}`}`;

function classify(error: unknown, stepTimeout: AbortSignal, signals: RunSignals, step: StepDefinition): unknown {
  if (signals.cancel.aborted) return new StepError('CANCELLED', 'the run was cancelled', false);
  if (signals.pipelineTimeout?.aborted) return new StepError('PIPELINE_TIMEOUT', 'the pipeline timeout elapsed', false);
  if (stepTimeout.aborted)
    return new StepError('STEP_TIMEOUT', `step timed out after ${step.timeout_minutes} min`, true);
  return error;
}

const isRetryable = (error: unknown): boolean => !(error instanceof StepError) || error.retryable;

export async function runStep(input: RunStepInput): Promise<StepReport> {
  const { step, lifecycle, deps, signals } = input;
  const clock = deps.clock;
  const runSignals = [signals.cancel, ...(signals.pipelineTimeout ? [signals.pipelineTimeout] : [])];
  const runSignal = AbortSignal.any(runSignals);
  let attempts = 0;
  for (let attempt = input.firstAttempt; ; attempt += 1) {
    attempts += 1;
    const stepTimeout = clock.timeoutSignal(step.timeout_minutes * 60_000);
    const signal = AbortSignal.any([runSignal, stepTimeout]);
    const started = clock.now();
    await lifecycle.stepStarted({
      stepId: step.step_id,
      attempt,
      jobId: jobIdFor(input.runId, step.step_id, attempt),
      startedAt: started.toISOString(),
    });
    const elapsed = (): { finishedAt: string; durationMs: number } => {
      const now = clock.now();
      return { finishedAt: now.toISOString(), durationMs: now.getTime() - started.getTime() };
    };
    let outcome: { readonly ok: true; readonly output: StepOutput } | { readonly ok: false; readonly thrown: unknown };
    try {
      const work = Promise.resolve().then(() =>
        input.kind.run({
          pipeline: input.pipeline,
          step,
          attempt,
          signal,
          variables: input.variables,
          jobId: (suffix) => jobIdFor(input.runId, step.step_id, attempt, suffix),
          deps,
          ...(input.summary ? { summary: input.summary } : {}),
        }),
      );
      outcome = { ok: true, output: await raceAbort(work, signal) };
    } catch (thrown) {
      outcome = { ok: false, thrown };
    }
    // Lifecycle reports stay outside the try: a report that cannot be recorded is not a step failure.
    if (outcome.ok) {
      await lifecycle.stepSucceeded({ stepId: step.step_id, attempt, ...elapsed(), output: outcome.output });
      return { stepId: step.step_id, status: 'succeeded', attempts, resumed: false, output: outcome.output };
    }
    const error = classify(outcome.thrown, stepTimeout, signals, step);
    const described = describeError(error);
    const willRetry = attempt < step.retry.attempts && isRetryable(error) && !runSignal.aborted;
    const retryInMs = willRetry ? backoffDelayMs(attempt, step.retry.backoff) : undefined;
    const details = error instanceof StepError ? error.details : undefined;
    await lifecycle.stepFailed({
      stepId: step.step_id,
      attempt,
      ...elapsed(),
      error: described,
      ...(details ? { details } : {}),
      willRetry,
      ...(retryInMs === undefined ? {} : { retryInMs }),
    });
    if (retryInMs === undefined)
      return { stepId: step.step_id, status: 'failed', attempts, resumed: false, error: described };
    try {
      await clock.sleep(retryInMs, runSignal);
    } catch {
      const ended = describeError(classify(undefined, stepTimeout, signals, step));
      return { stepId: step.step_id, status: 'failed', attempts, resumed: false, error: ended };
    }
  }
}
