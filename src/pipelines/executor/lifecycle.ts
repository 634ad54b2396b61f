/**
 * The port through which the executor reports each step's lifecycle. Issue 5 implements it by appending
 * StepStarted / StepSucceeded / StepFailed / StepSkipped events to the run stream; a report that cannot be
 * recorded fails the execution (an unrecorded step would be re-run on resume).
 */

export interface StepStartedReport {
  readonly stepId: string;
  readonly attempt: number;
  /** The BigQuery job id of this attempt: `{run_id}_{step_id}_{attempt}`. */
  readonly jobId: string;
  readonly startedAt: string;
}

export interface StepSucceededReport {
  readonly stepId: string;
  readonly attempt: number;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly output: StepOutput;
}

export interface StepFailedReport {
  readonly stepId: string;
  readonly attempt: number;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly error: { readonly code: string; readonly message: string };
  /** Structured facts the step attached to its error (StepError details, e.g. data-quality results). */
  readonly details?: Readonly<Record<string, unknown>>;
  /** False on the final attempt: the step is finished (failed). */
  readonly willRetry: boolean;
  readonly retryInMs?: number;
}

export interface StepSkippedReport {
  readonly stepId: string;
  readonly reason: 'dependency_not_succeeded';
}

export interface StepLifecycle {
  stepStarted(report: StepStartedReport): Promise<void>;
  stepSucceeded(report: StepSucceededReport): Promise<void>;
  stepFailed(report: StepFailedReport): Promise<void>;
  stepSkipped(report: StepSkippedReport): Promise<void>;
}

/** What a step hands back: small, JSON-serialisable facts (they end up in events). */
export interface StepOutput {
  readonly jobIds?: readonly string[];
  readonly affectedRows?: number;
  readonly details?: Readonly<Record<string, unknown>>;
}

export const noLifecycle: StepLifecycle = {
  stepStarted: async () => undefined,
  stepSucceeded: async () => undefined,
  stepFailed: async () => undefined,
  stepSkipped: async () => undefined,
};
