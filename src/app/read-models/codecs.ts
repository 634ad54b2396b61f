import * as t from 'io-ts';
import { ApiKeyScope } from '../../domain/api-key-scopes';
import type { RunStatus } from '../../domain/run/state';
import { OverlapPolicy } from '../../domain/schedule/schedule-spec';

/**
 * The inline read models' documents as their writers write them (tenant-inline-writes, run-inline-writes, the
 * gate): decoded when read, never cast. A decoder reads only the fields it declares.
 */
const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null]);

export const PlanLimitsDocument = t.readonly(
  t.type({ dailyRuns: t.number, monthlyRuns: t.number, concurrentRuns: t.number }),
);

/** `tenants/{tenantId}`. */
export const TenantDirectoryEntry = t.readonly(
  t.type({
    tenantId: t.string,
    status: t.string,
    plan: t.string,
    limits: PlanLimitsDocument,
    companyName: t.string,
    timezone: t.string,
    revision: t.number,
  }),
);
export type TenantDirectoryEntry = t.TypeOf<typeof TenantDirectoryEntry>;

/** `api_keys/{keyId}` (hash only). */
export const ApiKeyIndexEntry = t.readonly(
  t.type({
    tenantId: t.string,
    keyHash: t.string,
    scopes: t.readonlyArray(ApiKeyScope),
    expiresAt: nullable(t.string),
    revokedAt: nullable(t.string),
    lastUsedAt: nullable(t.string),
  }),
);
export type ApiKeyIndexEntry = t.TypeOf<typeof ApiKeyIndexEntry>;

/** `schedule_index/{tenant}__{config}`: parameters as JSON text; the trigger's own fields once it has fired. */
export const ScheduleIndexEntry = t.readonly(
  t.intersection([
    t.type({
      tenantId: t.string,
      configId: t.string,
      provider: t.string,
      domain: t.string,
      template: t.string,
      cron: t.string,
      timezone: t.string,
      priority: t.number,
      catchupWindowMinutes: t.number,
      overlapPolicy: OverlapPolicy,
      parametersJson: t.string,
      active: t.boolean,
      nextRunAt: nullable(t.string),
    }),
    t.partial({ lastFireAt: t.string, lastRequestedRunId: t.string }),
  ]),
);
export type ScheduleIndexEntry = t.TypeOf<typeof ScheduleIndexEntry>;

/** The one field of a schedule-index entry that the scheduler's next fire time needs. */
export const ScheduleNextRun = t.readonly(t.type({ nextRunAt: nullable(t.string) }));

export const RunStatusCodec = t.keyof({
  requested: null,
  queued: null,
  deferred: null,
  running: null,
  succeeded: null,
  failed: null,
  cancelled: null,
  timed_out: null,
  rejected: null,
  missed: null,
  skipped: null,
});

// The codec and the domain's RunStatus name the same statuses: `true` fails to compile otherwise.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const runStatusesAgree: Same<RunStatus, t.TypeOf<typeof RunStatusCodec>> = true;

/** `runs/{runId}`: the fields every run document has (run-inline-writes); the rest are read where shown. */
export const RunDocumentStatus = t.readonly(t.type({ runId: t.string, tenantId: t.string, status: RunStatusCodec }));

const StepProgressCodec = t.readonly(
  t.type({ status: t.keyof({ running: null, succeeded: null, failed: null, skipped: null }), attempt: t.number }),
);

/**
 * `runs/{runId}` as the API shows it. Every document has the first group; the request's fields come with the
 * first event, and a run missed or skipped before it ever ran has no attempt or steps yet.
 */
export const RunDocument = t.readonly(
  t.intersection([
    RunDocumentStatus,
    t.partial({
      pipelineId: t.string,
      pipelineKey: t.string,
      configId: nullable(t.string),
      trigger: t.string,
      attempt: t.number,
      scheduledTime: nullable(t.string),
      requestedAt: t.string,
      startedAt: t.string,
      finishedAt: t.string,
      notBefore: nullable(t.string),
      error: nullable(t.readonly(t.type({ code: t.string, message: t.string }))),
      steps: t.readonly(t.record(t.string, StepProgressCodec)),
    }),
  ]),
);
export type RunDocument = t.TypeOf<typeof RunDocument>;

/** `concurrency/{tenantId}`: live slots by run id. */
export const Slot = t.readonly(t.type({ workerId: t.string, expiresAt: t.number }));
export const ConcurrencyDocument = t.readonly(t.partial({ slots: t.readonly(t.record(t.string, Slot)) }));

/** `usage_daily/…`, `usage_monthly/…`: counters, each absent until first counted. */
export const UsageCountersDocument = t.readonly(t.partial({ runs: t.number, succeeded: t.number, failed: t.number }));
export type UsageCountersDocument = t.TypeOf<typeof UsageCountersDocument>;
