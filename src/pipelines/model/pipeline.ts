/**
 * The pipeline as the executor sees it: the decoded YAML with defaults applied (pure). Defaults:
 * pipeline timeout 60 min; a step's timeout defaults to the pipeline's; retry 1 attempt with backoff 5 s ×2
 * up to 300 s; `on_failure: stop`; no dependencies.
 */
import type { RetryPolicy } from '../executor/backoff';
import { DEFAULT_BACKOFF } from '../executor/backoff';
import type { RawPipeline, RawStep } from './pipeline-codec';

export const DEFAULT_PIPELINE_TIMEOUT_MINUTES = 60;

export interface StepDefinition extends Omit<RawStep, 'depends_on' | 'on_failure' | 'retry' | 'timeout_minutes'> {
  readonly depends_on: readonly string[];
  readonly on_failure: 'stop' | 'continue';
  readonly retry: RetryPolicy;
  readonly timeout_minutes: number;
}

export interface PipelineDefinition extends Omit<RawPipeline, 'steps' | 'retry' | 'timeout_minutes'> {
  readonly timeout_minutes: number;
  /** The run-level retry policy, applied by the run scheduler (issue 5), not by the step executor. */
  readonly retry: RetryPolicy;
  readonly steps: readonly StepDefinition[];
  /** Where it was loaded from (for messages). */
  readonly file: string;
}

function retryOf(raw: RawPipeline['retry'] | undefined): RetryPolicy {
  return { attempts: raw?.attempts ?? 1, backoff: { ...DEFAULT_BACKOFF, ...(raw?.backoff ?? {}) } };
}

export function normalizePipeline(raw: RawPipeline, file: string): PipelineDefinition {
  const timeout = raw.timeout_minutes ?? DEFAULT_PIPELINE_TIMEOUT_MINUTES;
  return {
    ...raw,
    file,
    timeout_minutes: timeout,
    retry: retryOf(raw.retry),
    steps: raw.steps.map((step) => ({
      ...step,
      depends_on: step.depends_on ?? [],
      on_failure: step.on_failure ?? 'stop',
      retry: retryOf(step.retry),
      timeout_minutes: step.timeout_minutes ?? timeout,
    })),
  };
}

/** Notification steps (with a trigger) run after the main graph, selected by the run's outcome. */
export const isNotificationStep = (step: { readonly trigger?: string }): boolean => step.trigger !== undefined;
