import * as E from 'fp-ts/Either';
import type { ApiKeyScope } from '../../src/domain/api-key-scopes';
import { PLAN_LIMITS } from '../../src/domain/plans';
import type { IssueApiKeyData, TenantCommand } from '../../src/domain/tenant/commands';
import { decideTenant } from '../../src/domain/tenant/decide';
import { event, tenantEventCodecs, type TenantEvent } from '../../src/domain/tenant/events';
import { evolveTenant, initialTenantState, type TenantState } from '../../src/domain/tenant/state';
import { deciderSpec } from './support/decider-spec';

const spec = deciderSpec<TenantCommand, TenantEvent, TenantState>({
  decide: decideTenant,
  evolve: evolveTenant,
  initialState: initialTenantState,
});
const now = '2026-11-26T10:00:00.000Z';
const parentExpiry = '2026-12-01T00:00:00.000Z';
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
const keyFields = (keyId: string, scopes: readonly ApiKeyScope[]) => ({
  keyId,
  keyHash: `hash-${keyId}`,
  name: keyId,
  scopes,
});
const issued = (keyId: string, scopes: readonly ApiKeyScope[], expiresAt: string | null, parentKeyId?: string) =>
  event('ApiKeyIssued', {
    ...keyFields(keyId, scopes),
    expiresAt,
    issuedAt: now,
    ...(parentKeyId ? { parentKeyId } : {}),
  });
const issue = (data: Omit<IssueApiKeyData, 'keyHash' | 'name' | 'now'>): TenantCommand => ({
  type: 'IssueApiKey',
  data: { ...data, keyHash: `hash-${data.keyId}`, name: data.keyId, now },
});
const revoke = (keyId: string): TenantCommand => ({ type: 'RevokeApiKey', data: { keyId, reason: 'leaked', now } });
const revokedBecause = (keyId: string, parentKeyId: string) =>
  event('ApiKeyRevoked', { keyId, reason: `issuing key ${parentKeyId} was revoked`, revokedAt: now });

/** A tenant whose key `writer` may read and write, expiring at `parentExpiry`. */
const given = [onboarded, issued('writer', ['pipelines:read', 'pipelines:write'], parentExpiry)];

describe('Keys issued by keys cannot escalate', () => {
  it('refuses scopes the issuing key lacks, naming them', () => {
    const scopes: ApiKeyScope[] = ['pipelines:read', 'pipelines:execute'];
    const decision = decideTenant(
      issue({ keyId: 'child', scopes, parentKeyId: 'writer' }),
      given.reduce(evolveTenant, initialTenantState),
    );
    expect(E.isLeft(decision) && decision.left).toMatchObject({
      code: 'API_KEY_SCOPE_ESCALATION',
      details: { extra_scopes: ['pipelines:execute'] },
    });
    expect(E.isLeft(decision) && decision.left.message).toContain('pipelines:execute');
  });

  it('issues a subset of the scopes, inheriting the issuer expiry when none is asked for, and records the parent', () => {
    spec
      .given(given)
      .when(issue({ keyId: 'child', scopes: ['pipelines:read'], parentKeyId: 'writer' }))
      .then([issued('child', ['pipelines:read'], parentExpiry, 'writer')]);
    const earlier = '2026-11-30T00:00:00.000Z';
    spec
      .given(given)
      .when(issue({ keyId: 'child', scopes: ['pipelines:read'], expiresAt: earlier, parentKeyId: 'writer' }))
      .then([issued('child', ['pipelines:read'], earlier, 'writer')]);
    spec
      .given(given)
      .when(issue({ keyId: 'child', scopes: ['pipelines:read'], expiresAt: parentExpiry, parentKeyId: 'writer' }))
      .then([issued('child', ['pipelines:read'], parentExpiry, 'writer')]);
  });

  it('refuses an expiry later than the issuer, or none at all, when the issuer expires', () => {
    const later = '2026-12-01T00:00:00.001Z';
    spec
      .given(given)
      .when(issue({ keyId: 'child', scopes: ['pipelines:read'], expiresAt: later, parentKeyId: 'writer' }))
      .thenFails('API_KEY_EXPIRY_ESCALATION');
    spec
      .given(given)
      .when(issue({ keyId: 'child', scopes: ['pipelines:read'], expiresAt: null, parentKeyId: 'writer' }))
      .thenFails('API_KEY_EXPIRY_ESCALATION');
  });

  it('refuses to issue under a revoked, expired or unknown key (a revocation that won the race)', () => {
    const revoked = event('ApiKeyRevoked', { keyId: 'writer', reason: 'x', revokedAt: now });
    spec
      .given([...given, revoked])
      .when(issue({ keyId: 'child', scopes: ['pipelines:read'], parentKeyId: 'writer' }))
      .thenFails('API_KEY_REVOKED');
    spec
      .given([onboarded, issued('writer', ['pipelines:write'], now)])
      .when(issue({ keyId: 'child', scopes: ['pipelines:write'], parentKeyId: 'writer' }))
      .thenFails('API_KEY_EXPIRED');
    spec
      .given(given)
      .when(issue({ keyId: 'child', scopes: ['pipelines:read'], parentKeyId: 'nobody' }))
      .thenFails('API_KEY_NOT_FOUND');
  });

  it('lets the admin key issue any scopes and no expiry, recording no parent', () => {
    const all: ApiKeyScope[] = ['pipelines:read', 'pipelines:write', 'pipelines:execute'];
    spec
      .given(given)
      .when(issue({ keyId: 'admin_made', scopes: all, parentKeyId: null }))
      .then([issued('admin_made', all, null)]);
  });
});

describe('Revoking a key revokes what it issued', () => {
  const family = [
    ...given,
    issued('child', ['pipelines:read'], parentExpiry, 'writer'),
    issued('grandchild', ['pipelines:read'], parentExpiry, 'child'),
    issued('sibling', ['pipelines:read'], null),
  ];

  it('revokes children and grandchildren in the same decision, and nothing else', () => {
    const state = spec
      .given(family)
      .when(revoke('writer'))
      .then([
        event('ApiKeyRevoked', { keyId: 'writer', reason: 'leaked', revokedAt: now }),
        revokedBecause('child', 'writer'),
        revokedBecause('grandchild', 'child'),
      ]);
    expect(state.exists && state.keys.sibling?.revokedAt).toBeNull();
  });

  it('reaches a grandchild through an already revoked child, and revoking again sweeps up what is left', () => {
    const childRevoked = event('ApiKeyRevoked', { keyId: 'child', reason: 'rotated', revokedAt: now });
    spec
      .given([...family, childRevoked])
      .when(revoke('writer'))
      .then([
        event('ApiKeyRevoked', { keyId: 'writer', reason: 'leaked', revokedAt: now }),
        revokedBecause('grandchild', 'child'),
      ]);
    const writerRevoked = event('ApiKeyRevoked', { keyId: 'writer', reason: 'leaked', revokedAt: now });
    spec
      .given([...family, writerRevoked])
      .when(revoke('writer'))
      .then([revokedBecause('child', 'writer'), revokedBecause('grandchild', 'child')]);
  });
});

describe('ApiKeyIssued codec', () => {
  it('decodes events recorded before keys had parents, and refuses a parent that is not a string', () => {
    const old = { ...keyFields('k1', ['pipelines:read']), expiresAt: null, issuedAt: now };
    expect(E.isRight(tenantEventCodecs.ApiKeyIssued.decode(old))).toBe(true);
    expect(
      evolveTenant(evolveTenant(initialTenantState, onboarded), { type: 'ApiKeyIssued', data: old }),
    ).toMatchObject({ keys: { k1: { parentKeyId: null } } });
    expect(E.isLeft(tenantEventCodecs.ApiKeyIssued.decode({ ...old, parentKeyId: 42 }))).toBe(true);
  });
});
