import { Timestamp } from '@google-cloud/firestore';
import type { RunEventOf, RunEventType } from '../../../../src/domain/run/events';
import type { TenantEventOf, TenantEventType } from '../../../../src/domain/tenant/events';
import type { RecordedEvent } from '../../../../src/eventstore';

/**
 * Builds the events of one stream as the store would hand them back: revisions from 1, commit times one
 * second apart from `start` (or as given), hashes chained by name only. Pure: no emulator.
 */
export interface StreamBuilder {
  readonly streamId: string;
  readonly events: RecordedEvent[];
  /** Appends an event; `at` overrides its commit time (ISO), `actor` its meta.actor. */
  add(type: string, data: unknown, options?: { readonly at?: string; readonly actor?: string }): RecordedEvent;
}

export function streamBuilder(streamId: string, tenantId: string, start = '2026-03-02T09:00:00.000Z'): StreamBuilder {
  const events: RecordedEvent[] = [];
  let clock = Date.parse(start);
  return {
    streamId,
    events,
    add(type, data, options = {}) {
      const revision = events.length + 1;
      clock = options.at ? Date.parse(options.at) : clock + (revision === 1 ? 0 : 1000);
      const recordedAt = Timestamp.fromMillis(clock);
      const event: RecordedEvent = {
        type,
        schemaVersion: 1,
        data,
        eventId: `${streamId}#${revision}`,
        streamId,
        revision,
        tenantId,
        partition: 3,
        recordedAt,
        meta: {
          correlationId: `corr-${streamId}`,
          causationId: null,
          actor: options.actor ?? 'user-1',
          occurredAt: new Date(clock).toISOString(),
        },
        prevHash: revision === 1 ? '0'.repeat(64) : `hash-${revision - 1}`,
        hash: `hash-${revision}`,
        position: {
          seconds: recordedAt.seconds,
          nanoseconds: recordedAt.nanoseconds,
          path: `streams/${streamId}/events/${String(revision).padStart(10, '0')}`,
        },
      };
      events.push(event);
      return event;
    },
  };
}

/** A tenant stream with typed event data. */
export function tenantStream(tenantId: string, start?: string) {
  const builder = streamBuilder(`tenant-${tenantId}`, tenantId, start);
  return {
    ...builder,
    add: <K extends TenantEventType>(
      type: K,
      data: TenantEventOf<K>['data'],
      options?: { readonly at?: string; readonly actor?: string },
    ) => builder.add(type, data, options),
  };
}

/** A run stream with typed event data. */
export function runStream(runId: string, tenantId: string, start?: string) {
  const builder = streamBuilder(`run-${runId}`, tenantId, start);
  return {
    ...builder,
    add: <K extends RunEventType>(
      type: K,
      data: RunEventOf<K>['data'],
      options?: { readonly at?: string; readonly actor?: string },
    ) => builder.add(type, data, options),
  };
}

export const LIMITS = {
  STARTER: { dailyRuns: 6, monthlyRuns: 180, concurrentRuns: 1 },
  PROFESSIONAL: { dailyRuns: 25, monthlyRuns: 750, concurrentRuns: 3 },
  SCALE: { dailyRuns: 100, monthlyRuns: 3000, concurrentRuns: 10 },
} as const;

export const onboarded = (tenantId: string, at = '2026-03-02T09:00:00.000Z') =>
  ({
    tenantId,
    companyName: 'Acme Corp',
    contactEmail: 'ops@acme.test',
    plan: 'STARTER',
    limits: LIMITS.STARTER,
    timezone: 'Europe/Paris',
    billingAccountIds: ['0A0A0A-0B0B0B-0C0C0C'],
    onboardedAt: at,
  }) as const;

export const pipeline = { provider: 'gcp', domain: 'cost', template: 'cost_billing' } as const;

/** RunRequested data of a scheduled (or manual) run. */
export function requested(
  runId: string,
  tenantId: string,
  options: {
    readonly trigger?: 'schedule' | 'manual';
    readonly configId?: string | null;
    readonly at?: string;
    readonly fireTime?: string;
  } = {},
) {
  const at = options.at ?? '2026-03-02T10:00:00.000Z';
  return {
    runId,
    tenantId,
    pipeline,
    pipelineId: 'cost_billing',
    trigger: options.trigger ?? 'schedule',
    configId: options.configId === undefined ? 'daily_cost' : options.configId,
    scheduledTime: options.fireTime ?? at,
    date: null,
    parameters: { billing_account_ids: ['0A0A0A-0B0B0B-0C0C0C'] },
    priority: 5,
    overlapPolicy: 'skip',
    maxAttempts: 2,
    requestedAt: at,
  } as const;
}
