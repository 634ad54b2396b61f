import type { RunEvent } from '../../domain/run/events';
import type { TenantEvent } from '../../domain/tenant/events';
import type { UsageEvent } from '../../domain/usage/events';
import type { RecordedEvent } from '../../eventstore';
import { audited } from './audited-events';

/** One line of a tenant's history: where the event sits, who caused it, and what it says in a few words. */
export interface TimelineEntry {
  readonly recorded_at: string;
  readonly stream_id: string;
  readonly revision: number;
  readonly type: string;
  readonly event_id: string;
  readonly actor: string;
  /** `X-User-ID` as the caller asserted it (not authenticated); null when none was sent. */
  readonly asserted_user_id: string | null;
  readonly summary: string;
}

const MAX_TEXT = 120;
/** Free text from events (reasons, error messages) is shortened; it is already free of secrets (they never enter events in clear). */
const text = (value: string): string => (value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT - 1)}…` : value);
const pipeline = (ref: { provider: string; domain: string; template: string }) =>
  `${ref.provider}/${ref.domain}/${ref.template}`;

/**
 * The timeline entry of an event. The summary names ids, names, plans and outcomes — never key material or
 * credential ciphertext, whatever the event carries.
 */
export function timelineEntry(event: RecordedEvent): TimelineEntry {
  return {
    recorded_at: event.recordedAt.toDate().toISOString(),
    stream_id: event.streamId,
    revision: event.revision,
    type: event.type,
    event_id: event.eventId,
    actor: event.meta.actor,
    asserted_user_id: event.meta.assertedUserId ?? null,
    summary: summarize(event),
  };
}

export function summarize(recorded: RecordedEvent): string {
  const event = audited(recorded);
  switch (event.kind) {
    case 'tenant':
      return tenantSummary(event.event);
    case 'run':
      return runSummary(event.event);
    case 'usage':
      return usageSummary(event.event);
    case 'other':
      return recorded.type;
  }
}

function tenantSummary(event: TenantEvent): string {
  switch (event.type) {
    case 'TenantOnboarded':
      return `onboarded "${text(event.data.companyName)}" on ${event.data.plan} (timezone ${event.data.timezone})`;
    case 'TenantProvisioned':
      return `provisioned dataset ${event.data.dataset} (${event.data.objects.length} object(s))`;
    case 'TenantProvisioningFailed':
      return `provisioning failed: ${text(event.data.reason)}`;
    case 'ApiKeyIssued': {
      const { keyId, name, scopes, expiresAt } = event.data;
      return `API key ${keyId} "${text(name)}" issued (${scopes.join(', ')}${expiresAt ? `; expires ${expiresAt}` : ''})`;
    }
    case 'ApiKeyRevoked':
      return `API key ${event.data.keyId} revoked: ${text(event.data.reason)}`;
    case 'PlanChanged':
      return `plan ${event.data.from} → ${event.data.to}`;
    case 'TenantSuspended':
      return `suspended: ${text(event.data.reason)}`;
    case 'TenantReactivated':
      return 'reactivated';
    case 'TenantOffboarded':
      return `offboarded: ${text(event.data.reason)}`;
    case 'CredentialDataKeyDestroyed':
      return 'credential data key destroyed (stored credentials are unreadable from now on)';
    case 'CredentialStored':
      return `credential ${event.data.credentialId} (${event.data.provider}) "${text(event.data.name)}" stored`;
    case 'CredentialDeleted':
      return `credential ${event.data.credentialId} deleted`;
    case 'ScheduleCreated':
    case 'ScheduleUpdated': {
      const s = event.data.schedule;
      const verb = event.type === 'ScheduleCreated' ? 'created' : 'updated';
      return `schedule ${s.configId} ${verb}: ${pipeline(s)} "${s.cron}" ${s.timezone}${s.active ? '' : ' (inactive)'}`;
    }
    case 'ScheduleDeleted':
      return `schedule ${event.data.configId} deleted`;
  }
}

function runSummary(event: RunEvent): string {
  switch (event.type) {
    case 'RunRequested':
      return `run ${event.data.runId} requested: ${pipeline(event.data.pipeline)} (${event.data.trigger}${event.data.configId ? ` ${event.data.configId}` : ''})`;
    case 'RunMissed':
      return `run of ${event.data.configId} at ${event.data.fireTime} missed (older than ${event.data.catchupWindowMinutes} min)`;
    case 'RunSkipped':
      return `run of ${event.data.configId} at ${event.data.fireTime} skipped: run ${event.data.blockingRunId} still open`;
    case 'RunQueued':
      return `queued (dispatch ${event.data.generation})`;
    case 'RunDeferred':
      return `deferred: ${event.data.running} of ${event.data.limit} concurrent runs busy; retry at ${event.data.retryAt}`;
    case 'RunRejected':
      return `rejected ${event.data.code}: ${text(event.data.message)}`;
    case 'RunStarted':
      return `started attempt ${event.data.attempt}${event.data.resumed ? ' (resumed)' : ''}, usage day ${event.data.usageDay}`;
    case 'StepStarted':
      return `step ${event.data.stepId} started (attempt ${event.data.attempt})`;
    case 'StepSucceeded':
      return `step ${event.data.stepId} succeeded (attempt ${event.data.attempt})`;
    case 'StepFailed':
      return `step ${event.data.stepId} failed ${event.data.code} (attempt ${event.data.attempt}): ${text(event.data.message)}`;
    case 'StepSkipped':
      return `step ${event.data.stepId} skipped: ${text(event.data.reason)}`;
    case 'RunAttemptFailed':
      return `attempt ${event.data.attempt} failed ${event.data.code}; retry at ${event.data.retryAt}`;
    case 'RunSucceeded':
      return `succeeded in ${event.data.durationMs} ms (attempt ${event.data.attempt})`;
    case 'RunFailed':
      return `failed ${event.data.code}: ${text(event.data.message)}`;
    case 'RunTimedOut':
      return `timed out: ${text(event.data.message)}`;
    case 'RunCancelled':
      return `cancelled: ${text(event.data.reason)}`;
  }
}

function usageSummary(event: UsageEvent): string {
  const { day, runs, succeeded, failed, monthToDate } = event.data;
  return `usage day ${day} closed: ${runs} run(s), ${succeeded} succeeded, ${failed} failed; month to date ${monthToDate}`;
}
