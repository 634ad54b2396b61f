import { LIMITS, onboarded, tenantStream } from './support/recorded-events';

/** A tenant's whole life: onboarding, keys, a plan change, credentials, schedules, suspension, offboarding. */
export function tenantLife(tenantId = 'acme') {
  const s = tenantStream(tenantId);
  const spec = {
    configId: 'daily_cost',
    provider: 'gcp',
    domain: 'cost',
    template: 'cost_billing',
    cron: '0 6 * * *',
    timezone: 'Europe/Paris',
    priority: 5,
    catchupWindowMinutes: 120,
    overlapPolicy: 'skip',
    parameters: { billing_account_ids: ['0A0A0A-0B0B0B-0C0C0C'] },
    active: true,
  } as const;
  s.add('TenantOnboarded', onboarded(tenantId), { actor: 'admin' });
  s.add(
    'ApiKeyIssued',
    {
      keyId: 'k1',
      name: 'first',
      keyHash: 'a'.repeat(64),
      scopes: ['pipelines:read', 'pipelines:execute'],
      expiresAt: null,
      issuedAt: '2026-03-02T09:00:00.000Z',
    },
    { actor: 'admin' },
  );
  s.add('TenantProvisioned', {
    dataset: tenantId,
    objects: ['billing_cost_daily'],
    provisionedAt: '2026-03-02T09:00:05.000Z',
  });
  s.add(
    'ApiKeyIssued',
    {
      keyId: 'k2',
      name: 'ci',
      keyHash: 'b'.repeat(64),
      scopes: ['pipelines:read'],
      expiresAt: '2026-06-01T00:00:00.000Z',
      issuedAt: '2026-03-03T08:00:00.000Z',
    },
    { actor: 'alice' },
  );
  s.add(
    'PlanChanged',
    { from: 'STARTER', to: 'PROFESSIONAL', limits: LIMITS.PROFESSIONAL, changedAt: '2026-03-04T12:00:00.000Z' },
    { actor: 'admin' },
  );
  s.add('CredentialStored', {
    credentialId: 'cred_1',
    provider: 'gcp',
    name: 'billing reader',
    metadata: {
      project_id: 'acme-prod',
      client_email: 'reader@acme-prod.iam.gserviceaccount.com',
      private_key_id: 'pkid-123',
      client_id: '1234567890',
    },
    encrypted: {
      keyVersion: 3,
      iv: 'SECRET-IV-BASE64',
      ciphertext: 'SECRET-CIPHERTEXT-BASE64',
      tag: 'SECRET-TAG-BASE64',
    },
    storedAt: '2026-03-04T13:00:00.000Z',
  });
  s.add('ScheduleCreated', { schedule: spec, createdAt: '2026-03-04T14:00:00.000Z' });
  s.add(
    'ApiKeyRevoked',
    { keyId: 'k2', reason: 'leaked in a log', revokedAt: '2026-03-05T08:00:00.000Z' },
    { actor: 'bob' },
  );
  s.add('CredentialStored', {
    credentialId: 'cred_2',
    provider: 'aws',
    name: 'aws billing',
    metadata: { access_key_id: 'AKIA************WXYZ', region: 'eu-west-1' },
    encrypted: { keyVersion: 3, iv: 'SECRET-IV-2', ciphertext: 'SECRET-CIPHERTEXT-2', tag: 'SECRET-TAG-2' },
    storedAt: '2026-03-05T09:00:00.000Z',
  });
  s.add('CredentialDeleted', { credentialId: 'cred_2', deletedAt: '2026-03-05T10:00:00.000Z' });
  s.add('ScheduleUpdated', { schedule: { ...spec, cron: '0 7 * * *' }, updatedAt: '2026-03-06T09:00:00.000Z' });
  s.add('TenantSuspended', { reason: 'unpaid', suspendedAt: '2026-03-07T00:00:00.000Z' }, { actor: 'admin' });
  s.add('TenantReactivated', { reactivatedAt: '2026-03-08T00:00:00.000Z' }, { actor: 'admin' });
  s.add('ScheduleDeleted', { configId: 'daily_cost', deletedAt: '2026-03-09T00:00:00.000Z' });
  s.add(
    'ApiKeyRevoked',
    { keyId: 'k1', reason: 'tenant offboarded', revokedAt: '2026-03-10T00:00:00.000Z' },
    { actor: 'admin' },
  );
  s.add('TenantOffboarded', { reason: 'contract ended', offboardedAt: '2026-03-10T00:00:00.000Z' }, { actor: 'admin' });
  s.add('CredentialDataKeyDestroyed', { destroyedAt: '2026-03-10T00:00:00.000Z' }, { actor: 'admin' });
  return { stream: s, events: s.events, spec };
}
