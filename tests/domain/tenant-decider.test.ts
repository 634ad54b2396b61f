import { PLAN_LIMITS } from '../../src/domain/plans';
import type { ScheduleSpec } from '../../src/domain/schedule/schedule-spec';
import type { FirstApiKey, TenantCommand } from '../../src/domain/tenant/commands';
import { decideTenant } from '../../src/domain/tenant/decide';
import { event, type TenantEvent } from '../../src/domain/tenant/events';
import { evolveTenant, initialTenantState, visibleStatus, type TenantState } from '../../src/domain/tenant/state';
import { deciderSpec } from './support/decider-spec';

const spec = deciderSpec<TenantCommand, TenantEvent, TenantState>({
  decide: decideTenant,
  evolve: evolveTenant,
  initialState: initialTenantState,
});
const now = '2026-11-26T10:00:00.000Z';
const later = '2026-11-26T11:00:00.000Z';
const key = (keyId: string): FirstApiKey => ({
  keyId,
  keyHash: `hash-of-${keyId}`,
  name: 'default',
  scopes: ['pipelines:read'],
  expiresAt: null,
});
const onboard = (keyId = 'k1'): TenantCommand => ({
  type: 'OnboardTenant',
  data: {
    tenantId: 'acme_corp',
    companyName: 'Acme',
    contactEmail: 'ops@acme.test',
    plan: 'STARTER',
    timezone: 'UTC',
    billingAccountIds: ['012345-6789AB-CDEF01'],
    firstKey: key(keyId),
    now,
  },
});
const onboarded = event('TenantOnboarded', {
  tenantId: 'acme_corp',
  companyName: 'Acme',
  contactEmail: 'ops@acme.test',
  plan: 'STARTER',
  limits: PLAN_LIMITS.STARTER,
  timezone: 'UTC',
  billingAccountIds: ['012345-6789AB-CDEF01'],
  onboardedAt: now,
});
const issued = (keyId: string, at = now) => event('ApiKeyIssued', { ...key(keyId), issuedAt: at });
const provisioned = event('TenantProvisioned', {
  dataset: 'acme_corp',
  objects: ['onboarding_validation_test'],
  provisionedAt: now,
});
const schedule: ScheduleSpec = {
  configId: 'gcp.cost.cost_billing',
  provider: 'gcp',
  domain: 'cost',
  template: 'cost_billing',
  cron: '0 * * * *',
  timezone: 'UTC',
  priority: 5,
  catchupWindowMinutes: 120,
  overlapPolicy: 'skip',
  parameters: {},
  active: true,
};

describe('Tenant decider', () => {
  it('onboards a new tenant with its plan limits and first key in one decision', () => {
    const state = spec
      .given([])
      .when(onboard())
      .then([onboarded, issued('k1')]);
    expect(state.exists && visibleStatus(state)).toBe('PROVISIONING');
  });

  it('refuses to onboard a tenant that is fully provisioned', () => {
    spec
      .given([onboarded, issued('k1'), provisioned])
      .when(onboard('k2'))
      .thenFails('TENANT_EXISTS');
  });

  it('finishes a failed onboarding when called again, replacing the undelivered first key', () => {
    const failed = event('TenantProvisioningFailed', { reason: 'warehouse unavailable', failedAt: now });
    const state = spec
      .given([onboarded, issued('k1'), failed])
      .when(onboard('k2'))
      .then([
        event('ApiKeyRevoked', { keyId: 'k1', reason: 'replaced when onboarding was retried', revokedAt: now }),
        issued('k2'),
      ]);
    expect(state.exists && visibleStatus(state)).toBe('PROVISIONING_FAILED');
  });

  it('records provisioning once', () => {
    const command: TenantCommand = {
      type: 'RecordProvisioning',
      data: { outcome: { ok: true, dataset: 'acme_corp', objects: ['onboarding_validation_test'] }, now },
    };
    const state = spec
      .given([onboarded, issued('k1')])
      .when(command)
      .then([provisioned]);
    expect(state.exists && visibleStatus(state)).toBe('ACTIVE');
    spec
      .given([onboarded, issued('k1'), provisioned])
      .when(command)
      .then([]);
  });

  it('issues and revokes keys; revoking twice is harmless; unknown keys are refused', () => {
    spec
      .given([onboarded, issued('k1')])
      .when({ type: 'IssueApiKey', data: { ...key('k2'), parentKeyId: null, now: later } })
      .then([issued('k2', later)]);
    spec
      .given([onboarded, issued('k1')])
      .when({ type: 'IssueApiKey', data: { ...key('k1'), parentKeyId: null, now } })
      .thenFails('API_KEY_EXISTS');
    const revoked = event('ApiKeyRevoked', { keyId: 'k1', reason: 'leaked', revokedAt: later });
    spec
      .given([onboarded, issued('k1')])
      .when({ type: 'RevokeApiKey', data: { keyId: 'k1', reason: 'leaked', now: later } })
      .then([revoked]);
    spec
      .given([onboarded, issued('k1'), revoked])
      .when({ type: 'RevokeApiKey', data: { keyId: 'k1', reason: 'again', now: later } })
      .then([]);
    spec
      .given([onboarded])
      .when({ type: 'RevokeApiKey', data: { keyId: 'nope', reason: 'x', now } })
      .thenFails('API_KEY_NOT_FOUND');
  });

  it('changes plan with the new limits, and not to the same plan', () => {
    const state = spec
      .given([onboarded])
      .when({ type: 'ChangePlan', data: { plan: 'SCALE', now: later } })
      .then([event('PlanChanged', { from: 'STARTER', to: 'SCALE', limits: PLAN_LIMITS.SCALE, changedAt: later })]);
    expect(state.exists && state.limits).toEqual({ dailyRuns: 100, monthlyRuns: 3000, concurrentRuns: 10 });
    spec
      .given([onboarded])
      .when({ type: 'ChangePlan', data: { plan: 'STARTER', now } })
      .then([]);
  });

  it('suspends and reactivates', () => {
    const suspended = event('TenantSuspended', { reason: 'unpaid', suspendedAt: later });
    spec
      .given([onboarded, provisioned])
      .when({ type: 'SuspendTenant', data: { reason: 'unpaid', now: later } })
      .then([suspended]);
    const state = spec
      .given([onboarded, provisioned, suspended])
      .when({ type: 'ReactivateTenant', data: { now: later } })
      .then([event('TenantReactivated', { reactivatedAt: later })]);
    expect(state.exists && state.status).toBe('ACTIVE');
  });

  it('offboards: every live key revoked, every active schedule off, tenant DELETED and its data key destroyed in one decision', () => {
    const given = [
      onboarded,
      issued('k1'),
      issued('k2'),
      event('ApiKeyRevoked', { keyId: 'k2', reason: 'old', revokedAt: now }),
      provisioned,
      event('ScheduleCreated', { schedule, createdAt: now }),
    ];
    const state = spec
      .given(given)
      .when({ type: 'OffboardTenant', data: { reason: 'contract ended', now: later } })
      .then([
        event('ApiKeyRevoked', { keyId: 'k1', reason: 'tenant offboarded', revokedAt: later }),
        event('ScheduleUpdated', { schedule: { ...schedule, active: false }, updatedAt: later }),
        event('TenantOffboarded', { reason: 'contract ended', offboardedAt: later }),
        event('CredentialDataKeyDestroyed', { destroyedAt: later }),
      ]);
    expect(state.exists && state.status).toBe('DELETED');
    expect(state.exists && state.dataKeyDestroyed).toBe(true);
    const deleted = [...given, event('TenantOffboarded', { reason: 'x', offboardedAt: later })];
    // A tenant offboarded before its key was destroyed (an older log) gets only the destruction.
    spec
      .given(deleted)
      .when({ type: 'OffboardTenant', data: { reason: 'again', now: later } })
      .then([event('CredentialDataKeyDestroyed', { destroyedAt: later })]);
    spec
      .given(deleted)
      .when({ type: 'IssueApiKey', data: { ...key('k9'), parentKeyId: null, now } })
      .thenFails('TENANT_DELETED');
    spec.given(deleted).when(onboard('k9')).thenFails('TENANT_DELETED');
    const shredded = [...deleted, event('CredentialDataKeyDestroyed', { destroyedAt: later })];
    spec
      .given(shredded)
      .when({ type: 'OffboardTenant', data: { reason: 'again', now } })
      .then([]);
  });

  it('stores and deletes credentials (ciphertext only) and manages schedules', () => {
    const encrypted = { keyVersion: 1, iv: 'aXY=', ciphertext: 'Y3Q=', tag: 'dGFn' };
    const store: TenantCommand = {
      type: 'StoreCredential',
      data: {
        credentialId: 'c1',
        provider: 'aws',
        name: 'prod',
        metadata: { access_key_id: '****WXYZ' },
        encrypted,
        now,
      },
    };
    const stored = event('CredentialStored', {
      credentialId: 'c1',
      provider: 'aws',
      name: 'prod',
      metadata: { access_key_id: '****WXYZ' },
      encrypted,
      storedAt: now,
    });
    spec.given([onboarded]).when(store).then([stored]);
    spec.given([onboarded, stored]).when(store).thenFails('CREDENTIAL_EXISTS');
    const state = spec
      .given([onboarded, stored])
      .when({ type: 'DeleteCredential', data: { credentialId: 'c1', now } })
      .then([event('CredentialDeleted', { credentialId: 'c1', deletedAt: now })]);
    expect(state.exists && state.credentials).toEqual({});
    spec
      .given([onboarded])
      .when({ type: 'DeleteCredential', data: { credentialId: 'c1', now } })
      .thenFails('CREDENTIAL_NOT_FOUND');

    const created = event('ScheduleCreated', { schedule, createdAt: now });
    spec.given([onboarded]).when({ type: 'CreateSchedule', data: { schedule, now } }).then([created]);
    spec
      .given([onboarded, created])
      .when({ type: 'CreateSchedule', data: { schedule, now } })
      .thenFails('SCHEDULE_EXISTS');
    spec.given([onboarded]).when({ type: 'UpdateSchedule', data: { schedule, now } }).thenFails('SCHEDULE_NOT_FOUND');
    const removed = spec
      .given([onboarded, created])
      .when({ type: 'DeleteSchedule', data: { configId: schedule.configId, now } })
      .then([event('ScheduleDeleted', { configId: schedule.configId, deletedAt: now })]);
    expect(removed.exists && removed.schedules).toEqual({});
  });

  it('refuses every command but onboarding for a tenant that does not exist', () => {
    spec
      .given([])
      .when({ type: 'SuspendTenant', data: { reason: 'x', now } })
      .thenFails('TENANT_NOT_FOUND');
  });
});
