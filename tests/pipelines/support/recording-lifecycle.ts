import type { StepLifecycle } from '../../../src/pipelines/executor/lifecycle';

export type LifecycleEvent =
  | { readonly type: 'started'; readonly stepId: string; readonly attempt: number; readonly jobId: string }
  | {
      readonly type: 'succeeded';
      readonly stepId: string;
      readonly attempt: number;
      readonly details?: Readonly<Record<string, unknown>>;
    }
  | {
      readonly type: 'failed';
      readonly stepId: string;
      readonly attempt: number;
      readonly code: string;
      readonly willRetry: boolean;
      readonly retryInMs?: number;
      readonly details?: Readonly<Record<string, unknown>>;
    }
  | { readonly type: 'skipped'; readonly stepId: string };

/** Records lifecycle reports in order, as the run stream's events would be. */
export function recordingLifecycle(): StepLifecycle & {
  readonly events: LifecycleEvent[];
  of(type: LifecycleEvent['type']): string[];
} {
  const events: LifecycleEvent[] = [];
  return {
    events,
    of: (type) => events.filter((e) => e.type === type).map((e) => e.stepId),
    stepStarted: async (r) => {
      events.push({ type: 'started', stepId: r.stepId, attempt: r.attempt, jobId: r.jobId });
    },
    stepSucceeded: async (r) => {
      events.push({
        type: 'succeeded',
        stepId: r.stepId,
        attempt: r.attempt,
        ...(r.output.details ? { details: r.output.details } : {}),
      });
    },
    stepFailed: async (r) => {
      events.push({
        type: 'failed',
        stepId: r.stepId,
        attempt: r.attempt,
        code: r.error.code,
        willRetry: r.willRetry,
        ...(r.retryInMs === undefined ? {} : { retryInMs: r.retryInMs }),
        ...(r.details ? { details: r.details } : {}),
      });
    },
    stepSkipped: async (r) => {
      events.push({ type: 'skipped', stepId: r.stepId });
    },
  };
}
