import { Timestamp } from '@google-cloud/firestore';
import { PLAN_LIMITS } from '../../src/domain/plans';
import type { RunEvent } from '../../src/domain/run/events';
import type { TenantEvent } from '../../src/domain/tenant/events';
import type { UsageEvent } from '../../src/domain/usage/events';
import type { RecordedEvent } from '../../src/eventstore';
import { eventPath } from '../../src/eventstore/layout';
import { summarize } from '../../src/projections/audit/audit-timeline';
import { tenantAsOf } from '../../src/projections/audit/tenant-as-of';

/** The pure fold of the audit: constructed events, no I/O. */
const TENANT = 'fold_co';
const revisions = new Map<string, number>();

function recorded(
  streamId: string,
  at: string,
  event: TenantEvent | RunEvent | UsageEvent,
  tenantId = TENANT,
): RecordedEvent {
  const revision = (revisions.get(streamId) ?? 0) + 1;
  revisions.set(streamId, revision);
  const recordedAt = Timestamp.fromDate(new Date(at));
  return {
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    eventId: `${streamId}-${revision}`,
    streamId,
    revision,
    tenantId,
    partition: 0,
    recordedAt,
    meta: { correlationId: 'c', causationId: null, actor: 'admin', occurredAt: at },
    prevHash: '0'.repeat(64),
    hash: 'f'.repeat(64),
    position: { seconds: recordedAt.seconds, nanoseconds: recordedAt.nanoseconds, path: eventPath(streamId, revision) },
  };
}

const tenantStream = `tenant-${TENANT}`;
const ENVELOPE = {
  keyVersion: 1,
  iv: 'IV-SHOULD-NOT-SHOW',
  ciphertext: 'CIPHERTEXT-SHOULD-NOT-SHOW',
  tag: 'TAG-SHOULD-NOT-SHOW',
};
const schedule = (configId: string, active: boolean) => ({
  configId,
  provider: 'gcp',
  domain: 'cost',
  template: 'cost_billing',
  cron: '0 6 * * *',
  timezone: 'Europe/Berlin',
  priority: 5,
  catchupWindowMinutes: 60,
  overlapPolicy: 'skip' as const,
  parameters: { billing_export_table: 'gcp_billing_export_v1_X' },
  active,
});

/** A tenant in Tokyo (UTC+9): its day starts at 15:00 UTC the day before. */
const tenantHistory: RecordedEvent[] = [
  recorded(tenantStream, '2026-03-01T00:00:00Z', {
    type: 'TenantOnboarded',
    data: {
      tenantId: TENANT,
      companyName: 'Fold Co',
      contactEmail: 'ops@fold.example.com',
      plan: 'STARTER',
      limits: PLAN_LIMITS.STARTER,
      timezone: 'Asia/Tokyo',
      billingAccountIds: ['01A2B3-C4D5E6-F7A8B9'],
      onboardedAt: '2026-03-01T00:00:00Z',
    },
  }),
  recorded(tenantStream, '2026-03-01T00:00:01Z', {
    type: 'TenantProvisioned',
    data: { dataset: TENANT, objects: ['tenant_comprehensive_view'], provisionedAt: '2026-03-01T00:00:01Z' },
  }),
  recorded(tenantStream, '2026-03-01T00:00:02Z', {
    type: 'ApiKeyIssued',
    data: {
      keyId: 'k_forever',
      name: 'first',
      keyHash: 'a'.repeat(64),
      scopes: ['pipelines:read'],
      expiresAt: null,
      issuedAt: '2026-03-01T00:00:02Z',
    },
  }),
  recorded(tenantStream, '2026-03-01T00:00:03Z', {
    type: 'ApiKeyIssued',
    data: {
      keyId: 'k_expiring',
      name: 'ci',
      keyHash: 'b'.repeat(64),
      scopes: ['pipelines:execute'],
      expiresAt: '2026-03-02T00:00:00Z',
      issuedAt: '2026-03-01T00:00:03Z',
    },
  }),
  recorded(tenantStream, '2026-03-01T00:00:04Z', {
    type: 'ApiKeyIssued',
    data: {
      keyId: 'k_revoked',
      name: 'leaked',
      keyHash: 'c'.repeat(64),
      scopes: ['pipelines:write'],
      expiresAt: null,
      issuedAt: '2026-03-01T00:00:04Z',
    },
  }),
  recorded(tenantStream, '2026-03-01T00:00:05Z', {
    type: 'CredentialStored',
    data: {
      credentialId: 'cred_1',
      provider: 'aws',
      name: 'billing',
      metadata: { access_key_id: 'AKIA…WXYZ', region: 'eu-west-1' },
      encrypted: ENVELOPE,
      storedAt: '2026-03-01T00:00:05Z',
    },
  }),
  recorded(tenantStream, '2026-03-01T00:00:06Z', {
    type: 'ScheduleCreated',
    data: { schedule: schedule('daily_cost', true), createdAt: '2026-03-01T00:00:06Z' },
  }),
  recorded(tenantStream, '2026-03-01T12:00:00Z', {
    type: 'ApiKeyRevoked',
    data: { keyId: 'k_revoked', reason: 'rotated', revokedAt: '2026-03-01T12:00:00Z' },
  }),
  // Run 1: requested 23:30 Tokyo on 03-01, started that day, finished after Tokyo midnight: all on 03-01, its usage day.
  recorded('run-r1', '2026-03-01T14:30:00Z', { type: 'RunRequested', data: runRequest('r1', '2026-03-01T14:30:00Z') }),
  recorded('run-r1', '2026-03-01T14:31:00Z', {
    type: 'RunStarted',
    data: {
      attempt: 1,
      workerId: 'w',
      resumed: false,
      usageDay: '2026-03-01',
      usageMonth: '2026-03',
      startedAt: '2026-03-01T14:31:00Z',
    },
  }),
  // A re-delivered task resuming the same attempt is not a new start.
  recorded('run-r1', '2026-03-01T14:40:00Z', {
    type: 'RunStarted',
    data: {
      attempt: 1,
      workerId: 'w2',
      resumed: true,
      usageDay: '2026-03-01',
      usageMonth: '2026-03',
      startedAt: '2026-03-01T14:40:00Z',
    },
  }),
  recorded('run-r1', '2026-03-01T15:30:00Z', {
    type: 'RunSucceeded',
    data: { attempt: 1, durationMs: 3_540_000, finishedAt: '2026-03-01T15:30:00Z' },
  }),
  // Run 2: rejected at 00:10 Tokyo on 03-02 (never started): counted on 03-02.
  recorded('run-r2', '2026-03-01T15:10:00Z', { type: 'RunRequested', data: runRequest('r2', '2026-03-01T15:10:00Z') }),
  recorded('run-r2', '2026-03-01T15:10:01Z', {
    type: 'RunRejected',
    data: {
      code: 'DAILY_QUOTA_EXCEEDED',
      message: 'daily limit of 6 runs reached',
      rejectedAt: '2026-03-01T15:10:01Z',
    },
  }),
  recorded(tenantStream, '2026-03-02T01:00:00Z', {
    type: 'PlanChanged',
    data: { from: 'STARTER', to: 'PROFESSIONAL', limits: PLAN_LIMITS.PROFESSIONAL, changedAt: '2026-03-02T01:00:00Z' },
  }),
  // Run 3 on 03-02: a failed attempt retried (the second attempt is not a second start), then failed for good.
  recorded('run-r3', '2026-03-02T02:00:00Z', { type: 'RunRequested', data: runRequest('r3', '2026-03-02T02:00:00Z') }),
  recorded('run-r3', '2026-03-02T02:00:01Z', {
    type: 'RunStarted',
    data: {
      attempt: 1,
      workerId: 'w',
      resumed: false,
      usageDay: '2026-03-02',
      usageMonth: '2026-03',
      startedAt: '2026-03-02T02:00:01Z',
    },
  }),
  recorded('run-r3', '2026-03-02T02:01:00Z', {
    type: 'RunAttemptFailed',
    data: {
      attempt: 1,
      code: 'STEP_FAILED',
      message: 'boom',
      retryAt: '2026-03-02T02:02:00Z',
      failedAt: '2026-03-02T02:01:00Z',
    },
  }),
  recorded('run-r3', '2026-03-02T02:02:00Z', {
    type: 'RunStarted',
    data: {
      attempt: 2,
      workerId: 'w',
      resumed: false,
      usageDay: '2026-03-02',
      usageMonth: '2026-03',
      startedAt: '2026-03-02T02:02:00Z',
    },
  }),
  recorded('run-r3', '2026-03-02T02:03:00Z', {
    type: 'RunFailed',
    data: {
      attempt: 2,
      code: 'STEP_FAILED',
      message: 'boom again',
      durationMs: 179_000,
      finishedAt: '2026-03-02T02:03:00Z',
    },
  }),
  // Run 4: cancelled before it started.
  recorded('run-r4', '2026-03-02T03:00:00Z', { type: 'RunRequested', data: runRequest('r4', '2026-03-02T03:00:00Z') }),
  recorded('run-r4', '2026-03-02T03:00:05Z', {
    type: 'RunCancelled',
    data: { reason: 'not needed', cancelledAt: '2026-03-02T03:00:05Z' },
  }),
  recorded(`usage-${TENANT}-2026-03`, '2026-03-02T15:30:00Z', {
    type: 'UsageDayClosed',
    data: {
      tenantId: TENANT,
      day: '2026-03-02',
      runs: 1,
      succeeded: 0,
      failed: 1,
      monthToDate: 2,
      limits: PLAN_LIMITS.PROFESSIONAL,
      closedAt: '2026-03-02T15:30:00Z',
    },
  }),
  recorded(tenantStream, '2026-03-03T00:00:00Z', {
    type: 'ScheduleUpdated',
    data: { schedule: schedule('daily_cost', false), updatedAt: '2026-03-03T00:00:00Z' },
  }),
  recorded(tenantStream, '2026-03-03T00:00:01Z', {
    type: 'ScheduleCreated',
    data: { schedule: schedule('weekly_cost', true), createdAt: '2026-03-03T00:00:01Z' },
  }),
  recorded(tenantStream, '2026-03-03T00:00:02Z', {
    type: 'CredentialDeleted',
    data: { credentialId: 'cred_1', deletedAt: '2026-03-03T00:00:02Z' },
  }),
  recorded(tenantStream, '2026-03-03T00:00:03Z', {
    type: 'TenantSuspended',
    data: { reason: 'unpaid invoice', suspendedAt: '2026-03-03T00:00:03Z' },
  }),
];

function runRequest(runId: string, at: string) {
  return {
    runId,
    tenantId: TENANT,
    pipeline: { provider: 'gcp', domain: 'cost', template: 'cost_billing' },
    pipelineId: 'cost_billing',
    trigger: 'manual' as const,
    configId: null,
    scheduledTime: at,
    date: null,
    parameters: {},
    priority: 5,
    overlapPolicy: 'skip' as const,
    maxAttempts: 2,
    requestedAt: at,
  };
}

const at = (iso: string) => new Date(iso);
const keyStatuses = (iso: string) =>
  Object.fromEntries(
    (tenantAsOf(TENANT, tenantHistory, at(iso)).state?.api_keys ?? []).map((k) => [k.key_id, k.status]),
  );

describe('a tenant as of an instant, folded from its events', () => {
  it('before onboarding there is no tenant, and nothing of the history shows', () => {
    const audit = tenantAsOf(TENANT, tenantHistory, at('2026-02-28T23:59:59.999Z'));
    expect(audit).toEqual({
      tenant_id: TENANT,
      as_of: '2026-02-28T23:59:59.999Z',
      exists: false,
      event_count: 0,
      last_event: null,
      state: null,
      timeline: [],
    });
  });

  it('an event recorded exactly at the instant is in; one a nanosecond later is not', () => {
    const onboardedOnly = tenantAsOf(TENANT, tenantHistory, at('2026-03-01T00:00:00.000Z'));
    expect(onboardedOnly.event_count).toBe(1);
    expect(onboardedOnly.state).toMatchObject({
      plan: 'STARTER',
      status: 'PROVISIONING',
      provisioning: 'PENDING',
      api_keys: [],
    });
    const late = {
      ...(tenantHistory[1] as RecordedEvent),
      recordedAt: new Timestamp(Timestamp.fromDate(at('2026-03-01T00:00:00Z')).seconds, 1),
    };
    expect(
      tenantAsOf(TENANT, [tenantHistory[0] as RecordedEvent, late], at('2026-03-01T00:00:00.000Z')).state?.provisioning,
    ).toBe('PENDING');
  });

  it('keys are ACTIVE, REVOKED or EXPIRED as of the instant', () => {
    expect(keyStatuses('2026-03-01T06:00:00Z')).toEqual({
      k_forever: 'ACTIVE',
      k_expiring: 'ACTIVE',
      k_revoked: 'ACTIVE',
    });
    expect(keyStatuses('2026-03-01T12:00:00Z')).toEqual({
      k_forever: 'ACTIVE',
      k_expiring: 'ACTIVE',
      k_revoked: 'REVOKED',
    });
    expect(keyStatuses('2026-03-01T23:59:59.999Z')).toEqual({
      k_forever: 'ACTIVE',
      k_expiring: 'ACTIVE',
      k_revoked: 'REVOKED',
    });
    // A key whose expiry is the instant has expired (as authentication decides it).
    expect(keyStatuses('2026-03-02T00:00:00Z')).toEqual({
      k_forever: 'ACTIVE',
      k_expiring: 'EXPIRED',
      k_revoked: 'REVOKED',
    });
    const revoked = tenantAsOf(TENANT, tenantHistory, at('2026-03-01T12:00:00Z')).state?.api_keys.find(
      (k) => k.key_id === 'k_revoked',
    );
    expect(revoked).toEqual({
      key_id: 'k_revoked',
      name: 'leaked',
      status: 'REVOKED',
      scopes: ['pipelines:write'],
      key_hash: 'c'.repeat(64),
      issued_at: '2026-03-01T00:00:04Z',
      expires_at: null,
      revoked_at: '2026-03-01T12:00:00Z',
      revoke_reason: 'rotated',
    });
  });

  it('plan, limits, schedules, credentials and status follow the history', () => {
    const before = tenantAsOf(TENANT, tenantHistory, at('2026-03-01T23:00:00Z')).state;
    expect(before).toMatchObject({
      plan: 'STARTER',
      limits: { daily_runs: 6, monthly_runs: 180, concurrent_runs: 1 },
      status: 'ACTIVE',
      lifecycle_status: 'ACTIVE',
      provisioning: 'COMPLETE',
      profile: {
        company_name: 'Fold Co',
        contact_email: 'ops@fold.example.com',
        timezone: 'Asia/Tokyo',
        billing_account_ids: ['01A2B3-C4D5E6-F7A8B9'],
        onboarded_at: '2026-03-01T00:00:00Z',
      },
    });
    expect(before?.schedules.map((s) => [s.config_id, s.active])).toEqual([['daily_cost', true]]);
    expect(before?.credentials).toEqual([
      {
        credential_id: 'cred_1',
        provider: 'aws',
        name: 'billing',
        metadata: { access_key_id: 'AKIA…WXYZ', region: 'eu-west-1' },
        stored_at: '2026-03-01T00:00:05Z',
      },
    ]);

    const after = tenantAsOf(TENANT, tenantHistory, at('2026-03-04T00:00:00Z')).state;
    expect(after).toMatchObject({
      plan: 'PROFESSIONAL',
      limits: { daily_runs: 25, monthly_runs: 750, concurrent_runs: 3 },
      status: 'SUSPENDED',
      lifecycle_status: 'SUSPENDED',
    });
    expect(after?.schedules.map((s) => [s.config_id, s.pipeline, s.active])).toEqual([
      ['daily_cost', 'gcp/cost/cost_billing', false],
      ['weekly_cost', 'gcp/cost/cost_billing', true],
    ]);
    expect(after?.credentials).toEqual([]);
  });

  it('never shows the credential envelope, in the state or the timeline', () => {
    const text = JSON.stringify(tenantAsOf(TENANT, tenantHistory, at('2026-03-02T00:00:00Z')));
    expect(text).toContain('cred_1');
    for (const material of [ENVELOPE.iv, ENVELOPE.ciphertext, ENVELOPE.tag, 'encrypted'])
      expect(text).not.toContain(material);
  });

  it('counts usage per tenant-local day as the quota counters do, with month to date and closed days', () => {
    const usage = tenantAsOf(TENANT, tenantHistory, at('2026-03-04T00:00:00Z')).state?.usage;
    expect(usage).toEqual({
      today: '2026-03-04',
      month: { month: '2026-03', runs: 2 },
      days: [
        {
          day: '2026-03-01',
          requested: 1,
          started: 1,
          succeeded: 1,
          failed: 0,
          rejected: 0,
          cancelled: 0,
          month_to_date: 1,
        },
        {
          day: '2026-03-02',
          requested: 3,
          started: 1,
          succeeded: 0,
          failed: 1,
          rejected: 1,
          cancelled: 1,
          month_to_date: 2,
        },
      ],
      closed_days: [
        {
          day: '2026-03-02',
          runs: 1,
          succeeded: 0,
          failed: 1,
          month_to_date: 2,
          limits: { daily_runs: 25, monthly_runs: 750, concurrent_runs: 3 },
          closed_at: '2026-03-02T15:30:00Z',
        },
      ],
    });
    // Mid-run: as of 14:35 UTC run 1 has started, not finished; the day is 03-01 in Tokyo.
    const midRun = tenantAsOf(TENANT, tenantHistory, at('2026-03-01T14:35:00Z')).state?.usage;
    expect(midRun?.today).toBe('2026-03-01');
    expect(midRun?.days).toEqual([
      {
        day: '2026-03-01',
        requested: 1,
        started: 1,
        succeeded: 0,
        failed: 0,
        rejected: 0,
        cancelled: 0,
        month_to_date: 1,
      },
    ]);
    expect(midRun?.closed_days).toEqual([]);
  });

  it("feeding a longer history, or another tenant's events, changes nothing as of an earlier instant", () => {
    const instant = at('2026-03-02T01:30:00Z');
    const prefix = tenantHistory.filter((e) => e.recordedAt.toDate() <= instant);
    expect(prefix.length).toBeLessThan(tenantHistory.length);
    const other = recorded(
      'tenant-other_co',
      '2026-03-01T10:00:00Z',
      { type: 'TenantSuspended', data: { reason: 'x', suspendedAt: '2026-03-01T10:00:00Z' } },
      'other_co',
    );
    expect(tenantAsOf(TENANT, [...tenantHistory.slice(0, 5), other, ...tenantHistory.slice(5)], instant)).toEqual(
      tenantAsOf(TENANT, prefix, instant),
    );
    expect(tenantAsOf(TENANT, tenantHistory, instant)).toEqual(tenantAsOf(TENANT, prefix, instant));
  });

  it('the timeline lists every event through the instant in the order given, with who and what', () => {
    const audit = tenantAsOf(TENANT, tenantHistory, at('2026-03-01T15:10:01Z'));
    expect(audit.timeline.map((e) => `${e.stream_id}@${e.revision} ${e.type}`)).toEqual([
      'tenant-fold_co@1 TenantOnboarded',
      'tenant-fold_co@2 TenantProvisioned',
      'tenant-fold_co@3 ApiKeyIssued',
      'tenant-fold_co@4 ApiKeyIssued',
      'tenant-fold_co@5 ApiKeyIssued',
      'tenant-fold_co@6 CredentialStored',
      'tenant-fold_co@7 ScheduleCreated',
      'tenant-fold_co@8 ApiKeyRevoked',
      'run-r1@1 RunRequested',
      'run-r1@2 RunStarted',
      'run-r1@3 RunStarted',
      'run-r2@1 RunRequested',
      'run-r2@2 RunRejected',
    ]);
    expect(audit.event_count).toBe(13);
    expect(audit.last_event).toEqual({ recorded_at: '2026-03-01T15:10:01.000Z', stream_id: 'run-r2', revision: 2 });
    expect(audit.timeline[7]).toEqual({
      recorded_at: '2026-03-01T12:00:00.000Z',
      stream_id: 'tenant-fold_co',
      revision: 8,
      type: 'ApiKeyRevoked',
      event_id: 'tenant-fold_co-8',
      actor: 'admin',
      asserted_user_id: null,
      summary: 'API key k_revoked revoked: rotated',
    });
  });

  it('summaries say what happened in a few words', () => {
    const byType = (type: string) => summarize(tenantHistory.find((e) => e.type === type) as RecordedEvent);
    expect(byType('TenantOnboarded')).toBe('onboarded "Fold Co" on STARTER (timezone Asia/Tokyo)');
    expect(byType('CredentialStored')).toBe('credential cred_1 (aws) "billing" stored');
    expect(byType('PlanChanged')).toBe('plan STARTER → PROFESSIONAL');
    expect(byType('RunRejected')).toBe('rejected DAILY_QUOTA_EXCEEDED: daily limit of 6 runs reached');
    expect(byType('UsageDayClosed')).toBe(
      'usage day 2026-03-02 closed: 1 run(s), 0 succeeded, 1 failed; month to date 2',
    );
    expect(byType('ScheduleCreated')).toBe(
      'schedule daily_cost created: gcp/cost/cost_billing "0 6 * * *" Europe/Berlin',
    );
  });
});
