/**
 * Runs a pipeline for one run: resolves its variables, runs the main graph level by level (the steps of a
 * level in parallel), then the notification steps whose trigger matches the outcome.
 *
 * - A failed step with `on_failure: stop` lets its running siblings finish, then no later level starts
 *   (the run fails). With `continue` the run goes on; steps depending on it are skipped.
 * - The pipeline timeout and external cancellation abort every running step.
 * - Resume: steps listed as finished are never run again; a step that was started but not finished is
 *   re-run under its last attempt number, i.e. the same BigQuery job id, so its job is not submitted twice.
 */
import * as E from 'fp-ts/lib/Either';
import { describeError } from '../errors';
import { graphLevels } from '../graph/levels';
import type { PipelineDefinition, StepDefinition } from '../model/pipeline';
import { isNotificationStep } from '../model/pipeline';
import type { RunStatus, RunSummary, StepDeps, StepRegistry, StepReport } from '../steps/step-kind';
import type { RunIdentity } from '../variables/resolve-variables';
import { resolveVariables } from '../variables/resolve-variables';
import type { Variables } from '../variables/values';
import { mapWithConcurrency } from '../../shared/map-with-concurrency';
import type { StepLifecycle } from './lifecycle';
import { runStep } from './run-step';
import type { RunSignals } from './run-step';

export type FinishedStatus = 'succeeded' | 'failed' | 'skipped';

export interface ResumeState {
  /** Steps finished by an earlier delivery of this run (from its StepSucceeded/StepFailed/StepSkipped events). */
  readonly finished: Readonly<Record<string, FinishedStatus>>;
  /** The last attempt started per step, for steps started but not finished. */
  readonly lastAttempt?: Readonly<Record<string, number>>;
}

export interface ExecutorDeps extends StepDeps {
  readonly registry: StepRegistry;
  readonly lifecycle: StepLifecycle;
  /** Steps of one level running at once (BigQuery limits concurrent DML per table). Default 4. */
  readonly maxParallelSteps?: number;
}

export interface ExecutePipelineInput {
  readonly pipeline: PipelineDefinition;
  readonly run: RunIdentity;
  readonly resume?: ResumeState;
  readonly signal?: AbortSignal;
}

export interface PipelineRunResult {
  readonly status: RunStatus;
  readonly steps: readonly StepReport[];
  readonly notifications: readonly StepReport[];
  readonly error?: { readonly code: string; readonly message: string };
}

const TRIGGERS: Readonly<Record<RunStatus, readonly string[]>> = {
  succeeded: ['on_success', 'always'],
  failed: ['on_failure', 'always'],
  timed_out: ['on_failure', 'always'],
  cancelled: ['always'],
};

export async function executePipeline(input: ExecutePipelineInput, deps: ExecutorDeps): Promise<PipelineRunResult> {
  const { pipeline, run } = input;
  const main = pipeline.steps.filter((s) => !isNotificationStep(s));
  const notifications = pipeline.steps.filter(isNotificationStep);
  const notRun = (s: StepDefinition): StepReport => ({
    stepId: s.step_id,
    status: 'not_run',
    attempts: 0,
    resumed: false,
  });

  const resolved = resolveVariables(pipeline, run);
  if (E.isLeft(resolved)) {
    const message = resolved.left.map((i) => i.message).join('; ');
    return {
      status: 'failed',
      steps: main.map(notRun),
      notifications: notifications.map(notRun),
      error: { code: 'VARIABLES_INVALID', message },
    };
  }
  const variables = resolved.right;

  const cancel = input.signal ?? new AbortController().signal;
  const pipelineTimeout = deps.clock.timeoutSignal(pipeline.timeout_minutes * 60_000);
  const signals: RunSignals = { cancel, pipelineTimeout };
  const reports = new Map<string, StepReport>();
  const byId = new Map(pipeline.steps.map((s) => [s.step_id, s] as const));
  for (const [stepId, status] of Object.entries(input.resume?.finished ?? {})) {
    if (byId.has(stepId)) reports.set(stepId, { stepId, status, attempts: 0, resumed: true });
  }
  const stopsRun = (r: StepReport | undefined): boolean =>
    r?.status === 'failed' && byId.get(r.stepId)?.on_failure === 'stop';
  const runOne = (step: StepDefinition, runSignals: RunSignals, summary?: RunSummary): Promise<StepReport> =>
    runStepOf(step, {
      pipeline,
      runId: run.runId,
      variables,
      deps,
      signals: runSignals,
      resume: input.resume,
      ...(summary ? { summary } : {}),
    });

  let stopped = [...reports.values()].some(stopsRun);
  for (const level of graphLevels(main.map((s) => ({ id: s.step_id, dependsOn: s.depends_on })))) {
    if (stopped || cancel.aborted || pipelineTimeout.aborted) break;
    const runnable: StepDefinition[] = [];
    for (const id of level) {
      if (reports.has(id)) continue;
      const step = byId.get(id) as StepDefinition;
      if (step.depends_on.every((d) => reports.get(d)?.status === 'succeeded')) {
        runnable.push(step);
        continue;
      }
      await deps.lifecycle.stepSkipped({ stepId: id, reason: 'dependency_not_succeeded' });
      reports.set(id, { stepId: id, status: 'skipped', attempts: 0, resumed: false });
    }
    const results = await mapWithConcurrency(runnable, deps.maxParallelSteps ?? 4, (step) => runOne(step, signals));
    for (const r of results) reports.set(r.stepId, r);
    stopped = results.some(stopsRun);
  }

  const status: RunStatus = cancel.aborted
    ? 'cancelled'
    : pipelineTimeout.aborted
      ? 'timed_out'
      : [...reports.values()].some(stopsRun)
        ? 'failed'
        : 'succeeded';
  const steps = main.map((s) => reports.get(s.step_id) ?? notRun(s));
  const summary: RunSummary = {
    pipelineId: pipeline.pipeline_id,
    runId: run.runId,
    ...(run.tenantId ? { tenantId: run.tenantId } : {}),
    date: String(variables.get('date')?.value),
    status,
    steps,
  };

  const due = notifications.filter((s) => TRIGGERS[status].includes(s.trigger as string));
  const pending = due.filter((s) => !reports.has(s.step_id));
  const sent = await mapWithConcurrency(pending, deps.maxParallelSteps ?? 4, (step) =>
    runOne(step, { cancel }, summary),
  );
  for (const r of sent) reports.set(r.stepId, r);
  const notificationReports = notifications.map((s) => reports.get(s.step_id) ?? notRun(s));

  const error =
    status === 'succeeded'
      ? undefined
      : status === 'failed'
        ? steps.find(stopsRun)?.error
        : status === 'cancelled'
          ? { code: 'CANCELLED', message: 'the run was cancelled' }
          : { code: 'PIPELINE_TIMEOUT', message: `the pipeline timeout of ${pipeline.timeout_minutes} min elapsed` };
  return { status, steps, notifications: notificationReports, ...(error ? { error } : {}) };
}

interface StepRunEnv {
  readonly pipeline: PipelineDefinition;
  readonly runId: string;
  readonly variables: Variables;
  readonly deps: ExecutorDeps;
  readonly signals: RunSignals;
  readonly resume: ResumeState | undefined;
  readonly summary?: RunSummary;
}

async function runStepOf(step: StepDefinition, env: StepRunEnv): Promise<StepReport> {
  const kind = env.deps.registry.get(step.ps_type);
  if (!kind) {
    // The loader refuses unknown kinds; this guards a pipeline built by hand with a different registry.
    const error = { code: 'INVALID_STEP_CONFIG', message: `unknown step kind "${step.ps_type}"` };
    return { stepId: step.step_id, status: 'failed', attempts: 0, resumed: false, error };
  }
  try {
    return await runStep({
      pipeline: env.pipeline,
      step,
      kind,
      runId: env.runId,
      variables: env.variables,
      deps: env.deps,
      lifecycle: env.deps.lifecycle,
      signals: env.signals,
      firstAttempt: env.resume?.lastAttempt?.[step.step_id] ?? 1,
      ...(env.summary ? { summary: env.summary } : {}),
    });
  } catch (error) {
    // Only a lifecycle report can throw here: without a record of the step the run must not go on.
    throw Object.assign(
      new Error(`could not record the lifecycle of step ${step.step_id}: ${describeError(error).message}`),
      { code: 'LIFECYCLE_FAILED', cause: error },
    );
  }
}
