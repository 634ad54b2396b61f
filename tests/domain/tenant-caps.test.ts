import { PLAN_LIMITS } from '../../src/domain/plans';
import type { ScheduleSpec } from '../../src/domain/schedule/schedule-spec';
import { TENANT_CAPS } from '../../src/domain/tenant/caps';
import type { TenantCommand } from '../../src/domain/tenant/commands';
import { decideTenant } from '../../src/domain/tenant/decide';
import { event, type TenantEvent } from '../../src/domain/tenant/events';
import { evolveTenant, initialTenantState, type TenantState } from '../../src/domain/tenant/state';
import { deciderSpec } from './support/decider-spec';

const spec = deciderSpec<TenantCommand, TenantEvent, TenantState>({
  decide: decideTenant,
  evolve: evolveTenant,
  initialState: initialTenantState,
});
const now = '2026-11-26T10:00:00.000Z';
const yesterday = '2026-11-25T10:00:00.000Z';
const onboarded = event('TenantOnboarded', {
  tenantId: 'acme_corp',
  companyName: 'Acme',
  contactEmail: 'ops@acme.test',
  plan: 'STARTER',
  limits: PLAN_LIMITS.STARTER,
  timezone: 'UTC',
  billingAccountIds: [],
  onboardedAt: now,
});
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

const keyData = (keyId: string, expiresAt: string | null = null) => ({
  keyId,
  keyHash: `hash-of-${keyId}`,
  name: keyId,
  scopes: ['pipelines:read' as const],
  expiresAt,
});
const issued = (keyId: string, expiresAt: string | null = null) =>
  event('ApiKeyIssued', { ...keyData(keyId, expiresAt), issuedAt: yesterday });
const issueKey = (keyId: string): TenantCommand => ({
  type: 'IssueApiKey',
  data: { ...keyData(keyId), parentKeyId: null, now },
});

const encrypted = { keyVersion: 1, iv: 'aXY=', ciphertext: 'Y3Q=', tag: 'dGFn' };
const credential = (credentialId: string) => ({
  credentialId,
  provider: 'aws' as const,
  name: credentialId,
  metadata: {},
  encrypted,
});
const stored = (credentialId: string) => event('CredentialStored', { ...credential(credentialId), storedAt: now });
const storeCredential = (credentialId: string): TenantCommand => ({
  type: 'StoreCredential',
  data: { ...credential(credentialId), now },
});

const schedule = (configId: string): ScheduleSpec => ({
  configId,
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
});
const created = (configId: string) => event('ScheduleCreated', { schedule: schedule(configId), createdAt: now });
const createSchedule = (configId: string): TenantCommand => ({
  type: 'CreateSchedule',
  data: { schedule: schedule(configId), now },
});

describe('Tenant caps', () => {
  it('are the documented numbers', () => {
    expect(TENANT_CAPS).toEqual({ schedules: 50, activeApiKeys: 20, credentials: 10 });
  });

  it('issues keys up to the cap of active keys, then refuses with API_KEY_LIMIT_REACHED', () => {
    const belowCap = range(TENANT_CAPS.activeApiKeys - 1).map((i) => issued(`k${i}`));
    spec
      .given([onboarded, ...belowCap])
      .when(issueKey('last'))
      .then([event('ApiKeyIssued', { ...keyData('last'), issuedAt: now })]);
    spec
      .given([onboarded, ...belowCap, issued('full')])
      .when(issueKey('over'))
      .thenFails('API_KEY_LIMIT_REACHED');
  });

  it('counts neither revoked nor expired keys against the cap', () => {
    const atCap = range(TENANT_CAPS.activeApiKeys).map((i) => issued(`k${i}`));
    const revokedOne = event('ApiKeyRevoked', { keyId: 'k0', reason: 'rotated', revokedAt: now });
    spec
      .given([onboarded, ...atCap, revokedOne])
      .when(issueKey('fresh'))
      .then([event('ApiKeyIssued', { ...keyData('fresh'), issuedAt: now })]);
    const withExpired = [...range(TENANT_CAPS.activeApiKeys - 1).map((i) => issued(`k${i}`)), issued('old', yesterday)];
    spec
      .given([onboarded, ...withExpired])
      .when(issueKey('fresh'))
      .then([event('ApiKeyIssued', { ...keyData('fresh'), issuedAt: now })]);
    // A key expiring later is still active: it counts.
    const withLater = [
      ...range(TENANT_CAPS.activeApiKeys - 1).map((i) => issued(`k${i}`)),
      issued('later', '2027-01-01T00:00:00.000Z'),
    ];
    spec
      .given([onboarded, ...withLater])
      .when(issueKey('fresh'))
      .thenFails('API_KEY_LIMIT_REACHED');
  });

  it('stores credentials up to the cap, then refuses with CREDENTIAL_LIMIT_REACHED; deleting one frees room', () => {
    const belowCap = range(TENANT_CAPS.credentials - 1).map((i) => stored(`c${i}`));
    spec
      .given([onboarded, ...belowCap])
      .when(storeCredential('last'))
      .then([stored('last')]);
    const atCap = [...belowCap, stored('full')];
    spec
      .given([onboarded, ...atCap])
      .when(storeCredential('over'))
      .thenFails('CREDENTIAL_LIMIT_REACHED');
    const deleted = event('CredentialDeleted', { credentialId: 'c0', deletedAt: now });
    spec
      .given([onboarded, ...atCap, deleted])
      .when(storeCredential('over'))
      .then([stored('over')]);
  });

  it('creates schedules up to the cap, then refuses with SCHEDULE_LIMIT_REACHED; updates still pass at the cap', () => {
    const belowCap = range(TENANT_CAPS.schedules - 1).map((i) => created(`s${i}`));
    spec
      .given([onboarded, ...belowCap])
      .when(createSchedule('last'))
      .then([created('last')]);
    const atCap = [...belowCap, created('full')];
    spec
      .given([onboarded, ...atCap])
      .when(createSchedule('over'))
      .thenFails('SCHEDULE_LIMIT_REACHED');
    const update: TenantCommand = {
      type: 'UpdateSchedule',
      data: { schedule: { ...schedule('s1'), active: false }, now },
    };
    spec
      .given([onboarded, ...atCap])
      .when(update)
      .then([event('ScheduleUpdated', { schedule: { ...schedule('s1'), active: false }, updatedAt: now })]);
    const deleted = event('ScheduleDeleted', { configId: 's0', deletedAt: now });
    spec
      .given([onboarded, ...atCap, deleted])
      .when(createSchedule('over'))
      .then([created('over')]);
  });
});
