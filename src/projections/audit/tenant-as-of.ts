import {
  evolveTenant,
  initialTenantState,
  visibleStatus,
  type ExistingTenant,
  type TenantState,
} from '../../domain/tenant/state';
import type { RecordedEvent } from '../../eventstore';
import { isExpired } from '../../security/api-keys/is-expired';
import { audited } from './audited-events';
import { timelineEntry, type TimelineEntry } from './audit-timeline';
import { localDay, UsageTally, type UsageAsOf } from './usage-as-of';

export type AuditedKeyStatus = 'ACTIVE' | 'REVOKED' | 'EXPIRED';

/** A tenant's state as of an instant, as the audit shows it: metadata and hashes, never key or credential material. */
export interface AuditedTenantState {
  readonly profile: {
    readonly company_name: string;
    readonly contact_email: string;
    readonly timezone: string;
    readonly billing_account_ids: readonly string[];
    readonly onboarded_at: string;
  };
  readonly plan: string;
  readonly limits: { readonly daily_runs: number; readonly monthly_runs: number; readonly concurrent_runs: number };
  /** What operators see (PROVISIONING, PROVISIONING_FAILED, ACTIVE, SUSPENDED, DELETED). */
  readonly status: string;
  readonly lifecycle_status: string;
  readonly provisioning: string;
  readonly provisioning_error: string | null;
  readonly data_key_destroyed: boolean;
  readonly api_keys: readonly {
    readonly key_id: string;
    readonly name: string;
    readonly status: AuditedKeyStatus;
    readonly scopes: readonly string[];
    /** The peppered hash, as the warehouse stores it: it proves which key, it cannot be used as one. */
    readonly key_hash: string;
    readonly issued_at: string;
    readonly expires_at: string | null;
    readonly revoked_at: string | null;
    readonly revoke_reason: string | null;
  }[];
  readonly schedules: readonly {
    readonly config_id: string;
    readonly pipeline: string;
    readonly cron: string;
    readonly timezone: string;
    readonly active: boolean;
    readonly priority: number;
    readonly catchup_window_minutes: number;
    readonly overlap_policy: string;
    readonly parameters: Readonly<Record<string, unknown>>;
  }[];
  readonly credentials: readonly {
    readonly credential_id: string;
    readonly provider: string;
    readonly name: string;
    readonly metadata: Readonly<Record<string, string>>;
    readonly stored_at: string;
  }[];
  readonly usage: UsageAsOf;
}

export interface TenantAsOf {
  readonly tenant_id: string;
  readonly as_of: string;
  /** False when the tenant had not been onboarded by then (`state` is null). */
  readonly exists: boolean;
  readonly event_count: number;
  readonly last_event: { readonly recorded_at: string; readonly stream_id: string; readonly revision: number } | null;
  readonly state: AuditedTenantState | null;
  /** Every event of the tenant through the instant, in commit order. */
  readonly timeline: readonly TimelineEntry[];
}

/**
 * Folds one tenant's events (every stream of the tenant, in commit order) into its state as of an instant,
 * from the events alone. Events recorded after the instant are ignored, so feeding a longer history changes
 * nothing. The tenant aggregate is folded with the domain's own `evolveTenant`; runs and closed days feed the
 * usage tally.
 */
export class TenantAsOfFold {
  private tenant: TenantState = initialTenantState;
  private readonly usage = new UsageTally();
  private readonly timeline: TimelineEntry[] = [];
  private last: RecordedEvent | undefined;
  private readonly asOfMs: number;

  constructor(
    readonly tenantId: string,
    readonly asOf: Date,
  ) {
    this.asOfMs = asOf.getTime();
  }

  add(event: RecordedEvent): void {
    if (event.tenantId !== this.tenantId || this.isAfterAsOf(event)) return;
    const kind = audited(event);
    if (kind.kind === 'tenant') this.tenant = evolveTenant(this.tenant, kind.event);
    if (kind.kind === 'run')
      this.usage.addRunEvent(event.streamId, kind.event, this.tenant.exists ? this.tenant.profile.timezone : 'UTC');
    if (kind.kind === 'usage' && kind.event.type === 'UsageDayClosed') this.usage.addClosedDay(kind.event.data);
    this.timeline.push(timelineEntry(event));
    this.last = event;
  }

  /** Compared to the nanosecond, as the store's `recordedAt <= asOf` bound compares. */
  private isAfterAsOf(event: RecordedEvent): boolean {
    const seconds = Math.floor(this.asOfMs / 1000);
    const nanos = (this.asOfMs - seconds * 1000) * 1_000_000;
    const { seconds: s, nanoseconds: n } = event.recordedAt;
    return s > seconds || (s === seconds && n > nanos);
  }

  result(): TenantAsOf {
    const asOf = this.asOf.toISOString();
    const last = this.last;
    return {
      tenant_id: this.tenantId,
      as_of: asOf,
      exists: this.tenant.exists,
      event_count: this.timeline.length,
      last_event: last
        ? { recorded_at: last.recordedAt.toDate().toISOString(), stream_id: last.streamId, revision: last.revision }
        : null,
      state: this.tenant.exists
        ? describeState(this.tenant, this.asOf, this.usage.result(localDay(asOf, this.tenant.profile.timezone)))
        : null,
      timeline: [...this.timeline],
    };
  }
}

/** The tenant as of `asOf`, given its events in commit order. Pure. */
export function tenantAsOf(tenantId: string, events: Iterable<RecordedEvent>, asOf: Date): TenantAsOf {
  const fold = new TenantAsOfFold(tenantId, asOf);
  for (const event of events) fold.add(event);
  return fold.result();
}

const byKey =
  <T>(key: (item: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

function describeState(state: ExistingTenant, asOf: Date, usage: UsageAsOf): AuditedTenantState {
  const { profile, limits } = state;
  return {
    profile: {
      company_name: profile.companyName,
      contact_email: profile.contactEmail,
      timezone: profile.timezone,
      billing_account_ids: profile.billingAccountIds,
      onboarded_at: profile.onboardedAt,
    },
    plan: state.plan,
    limits: { daily_runs: limits.dailyRuns, monthly_runs: limits.monthlyRuns, concurrent_runs: limits.concurrentRuns },
    status: visibleStatus(state),
    lifecycle_status: state.status,
    provisioning: state.provisioning,
    provisioning_error: state.provisioningError,
    data_key_destroyed: state.dataKeyDestroyed,
    api_keys: Object.values(state.keys)
      .map((key) => ({
        key_id: key.keyId,
        name: key.name,
        status: (key.revokedAt
          ? 'REVOKED'
          : isExpired(key.expiresAt === null ? null : new Date(key.expiresAt), asOf)
            ? 'EXPIRED'
            : 'ACTIVE') as AuditedKeyStatus,
        scopes: key.scopes,
        key_hash: key.keyHash,
        issued_at: key.issuedAt,
        expires_at: key.expiresAt,
        revoked_at: key.revokedAt,
        revoke_reason: key.revokeReason,
      }))
      .sort(byKey((k) => k.key_id)),
    schedules: Object.values(state.schedules)
      .map((s) => ({
        config_id: s.configId,
        pipeline: `${s.provider}/${s.domain}/${s.template}`,
        cron: s.cron,
        timezone: s.timezone,
        active: s.active,
        priority: s.priority,
        catchup_window_minutes: s.catchupWindowMinutes,
        overlap_policy: s.overlapPolicy,
        parameters: s.parameters,
      }))
      .sort(byKey((s) => s.config_id)),
    // Metadata only: the envelope (`encrypted`) is deliberately not copied.
    credentials: Object.values(state.credentials)
      .map((c) => ({
        credential_id: c.credentialId,
        provider: c.provider,
        name: c.name,
        metadata: c.metadata,
        stored_at: c.storedAt,
      }))
      .sort(byKey((c) => c.credential_id)),
    usage,
  };
}
