import * as t from 'io-ts';
import { OverlapPolicy } from '../schedule/schedule-spec';

/**
 * Everything that happens to one pipeline run, as plain readonly data with a literal `type`. A run's stream
 * is named by its id, which for scheduled runs derives from (tenant, schedule, fire time): the stream's
 * `noStream` creation is what makes a re-delivered tick harmless.
 */
const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null]);

export const PipelineRef = t.readonly(t.type({ provider: t.string, domain: t.string, template: t.string }));
export type PipelineRef = t.TypeOf<typeof PipelineRef>;

export const RunTrigger = t.keyof({ schedule: null, manual: null });
export const RejectionCode = t.keyof({
  DAILY_QUOTA_EXCEEDED: null,
  MONTHLY_QUOTA_EXCEEDED: null,
  TENANT_NOT_ACTIVE: null,
  PIPELINE_INVALID: null,
});
export type RejectionCode = t.TypeOf<typeof RejectionCode>;

export const runEventCodecs = {
  RunRequested: t.readonly(
    t.type({
      runId: t.string,
      tenantId: t.string,
      pipeline: PipelineRef,
      pipelineId: t.string,
      trigger: RunTrigger,
      configId: nullable(t.string),
      /** The schedule's fire time (scheduled runs) or the request time (manual runs). */
      scheduledTime: t.string,
      date: nullable(t.string),
      parameters: t.readonly(t.record(t.string, t.unknown)),
      priority: t.number,
      overlapPolicy: OverlapPolicy,
      maxAttempts: t.number,
      requestedAt: t.string,
    }),
  ),
  RunMissed: t.readonly(
    t.type({
      runId: t.string,
      tenantId: t.string,
      configId: t.string,
      pipeline: PipelineRef,
      fireTime: t.string,
      catchupWindowMinutes: t.number,
      recordedAt: t.string,
    }),
  ),
  RunSkipped: t.readonly(
    t.type({
      runId: t.string,
      tenantId: t.string,
      configId: t.string,
      pipeline: PipelineRef,
      fireTime: t.string,
      blockingRunId: t.string,
      recordedAt: t.string,
    }),
  ),
  RunQueued: t.readonly(
    t.type({ taskName: t.string, generation: t.number, notBefore: nullable(t.string), queuedAt: t.string }),
  ),
  RunDeferred: t.readonly(
    t.type({ running: t.number, limit: t.number, retryAt: t.string, deferrals: t.number, deferredAt: t.string }),
  ),
  RunRejected: t.readonly(t.type({ code: RejectionCode, message: t.string, rejectedAt: t.string })),
  RunStarted: t.readonly(
    t.type({
      attempt: t.number,
      workerId: t.string,
      resumed: t.boolean,
      usageDay: t.string,
      usageMonth: t.string,
      startedAt: t.string,
    }),
  ),
  /** `kind` and `name` (the step's ps_type and label) are absent from events recorded before they were added. */
  StepStarted: t.readonly(
    t.intersection([
      t.type({ stepId: t.string, attempt: t.number, runAttempt: t.number, jobId: t.string, startedAt: t.string }),
      t.partial({ kind: t.string, name: t.string }),
    ]),
  ),
  StepSucceeded: t.readonly(
    t.type({ stepId: t.string, attempt: t.number, runAttempt: t.number, details: t.unknown, finishedAt: t.string }),
  ),
  /** `details`: the step's structured facts about the failure (e.g. data-quality results); absent from older events. */
  StepFailed: t.readonly(
    t.intersection([
      t.type({
        stepId: t.string,
        attempt: t.number,
        runAttempt: t.number,
        code: t.string,
        message: t.string,
        finishedAt: t.string,
      }),
      t.partial({ details: t.unknown }),
    ]),
  ),
  StepSkipped: t.readonly(t.type({ stepId: t.string, runAttempt: t.number, reason: t.string, finishedAt: t.string })),
  RunAttemptFailed: t.readonly(
    t.type({ attempt: t.number, code: t.string, message: t.string, retryAt: t.string, failedAt: t.string }),
  ),
  RunSucceeded: t.readonly(t.type({ attempt: t.number, durationMs: t.number, finishedAt: t.string })),
  RunFailed: t.readonly(
    t.type({ attempt: t.number, code: t.string, message: t.string, durationMs: t.number, finishedAt: t.string }),
  ),
  RunTimedOut: t.readonly(t.type({ attempt: t.number, message: t.string, finishedAt: t.string })),
  RunCancelled: t.readonly(t.type({ reason: t.string, cancelledAt: t.string })),
} as const;

type Codecs = typeof runEventCodecs;
export type RunEventType = keyof Codecs;
export type RunEventOf<K extends RunEventType> = { readonly type: K; readonly data: t.TypeOf<Codecs[K]> };
export type RunEvent = { [K in RunEventType]: RunEventOf<K> }[RunEventType];

export const runEvent = <K extends RunEventType>(type: K, data: t.TypeOf<Codecs[K]>): RunEventOf<K> => ({ type, data });
