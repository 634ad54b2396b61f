import request from 'supertest';
import type { TenantAsOf } from '../../src/projections/audit/tenant-as-of';
import { runCliCaptured } from '../cli/support/run-cli-captured';
import { createSchedule } from '../runs/support';
import {
  adminHeaders,
  awsCredential,
  bootstrap,
  credentialBody,
  expectErrorShape,
  issueKey,
  onboard,
  secretsFoundIn,
  type OnboardedTenant,
} from '../support/http-fixtures';
import { startTestService, type TestService } from '../support/service';
import { adminAudit, ceilMillis, ok, runToSuccess, storedTenantEvents } from './support';

/**
 * The audit of a tenant as of an instant T equals what the service said at T, however much changes after T;
 * as of now it shows the changes. Through the admin endpoint and the CLI, on the real service and emulator.
 */
const TENANT = 'audit_co';
let service: TestService;
let tenant: OnboardedTenant;
const aws = awsCredential();

/** What the service answered at T (its read models and use cases, not the audit). */
interface TenantView {
  company_name: string;
  contact_email: string;
  billing_account_ids: string[];
  onboarded_at: string;
  status: string;
  limits: Record<string, number>;
  api_keys: { key_id: string; status: string }[];
  usage: { date: string; runs_today: number; succeeded_today: number; failed_today: number; runs_this_month: number };
}
let atT: {
  tenant: TenantView;
  credentials: { credentials: { credential_id: string; provider: string; name: string; metadata: unknown }[] };
  schedules: { pipelines: { config_id: string; is_active: boolean; schedule_cron: string; timezone: string }[] };
};
let T: string;
let auditAtT: TenantAsOf;
let revokedKeyId: string;
let ciphertext: string;

beforeAll(async () => {
  service = await startTestService();
  await bootstrap(service);
  tenant = await onboard(service, TENANT, { timezone: 'Europe/Berlin', subscription_plan: 'STARTER' });
  await onboard(service, 'bystander_co');

  // Before T: keys, a credential, a schedule, a run.
  revokedKeyId = (
    await issueKey(service, TENANT, { name: 'deploy bot', scopes: ['pipelines:read', 'pipelines:execute'] })
  ).keyId;
  await issueKey(service, TENANT, {
    name: 'dashboard',
    scopes: ['pipelines:read'],
    expires_at: '2099-01-01T00:00:00Z',
  });
  await ok(
    request(service.app)
      .post(`/api/v1/tenants/${TENANT}/credentials`)
      .set(adminHeaders(service))
      .send(credentialBody(aws, 'billing reader')),
  );
  await createSchedule(service, TENANT, { schedule_cron: '0 6 * * *', timezone: 'Europe/Berlin' });
  await runToSuccess(service, TENANT);
  await runToSuccess(service, 'bystander_co');

  const asTenant = { 'X-API-Key': tenant.apiKey };
  atT = {
    tenant: await ok<TenantView>(request(service.app).get(`/api/v1/tenants/${TENANT}`).set(asTenant)),
    credentials: await ok<(typeof atT)['credentials']>(
      request(service.app).get(`/api/v1/tenants/${TENANT}/credentials`).set(asTenant),
    ),
    schedules: await ok<(typeof atT)['schedules']>(
      request(service.app).get(`/api/v1/scheduler/tenant/${TENANT}/pipelines`).set(asTenant),
    ),
  };
  const before = await storedTenantEvents(service, TENANT);
  T = new Date(ceilMillis(before.at(-1) as (typeof before)[number])).toISOString();
  auditAtT = await ok<TenantAsOf>(adminAudit(service, TENANT, T));
  const stored = before.find((e) => e.type === 'CredentialStored');
  ciphertext = String((stored?.data as { encrypted: { ciphertext: string } }).encrypted.ciphertext);

  // After T: a revoked key, a new plan, a changed and a new schedule, the credential gone, another run, suspension.
  await ok(
    request(service.app)
      .delete(`/api/v1/tenants/${TENANT}/api-keys/${revokedKeyId}`)
      .set(adminHeaders(service))
      .send({ reason: 'rotated' }),
  );
  await ok(
    request(service.app)
      .put(`/api/v1/tenants/${TENANT}/plan`)
      .set(adminHeaders(service))
      .send({ subscription_plan: 'SCALE' }),
  );
  await createSchedule(service, TENANT, { config_id: 'nightly_check', schedule_cron: '30 1 * * *', timezone: 'UTC' });
  await runToSuccess(service, TENANT);
  const credentialId = atT.credentials.credentials[0]?.credential_id;
  await ok(
    request(service.app).delete(`/api/v1/tenants/${TENANT}/credentials/${credentialId}`).set(adminHeaders(service)),
  );
  await ok(
    request(service.app)
      .post(`/api/v1/tenants/${TENANT}/suspend`)
      .set(adminHeaders(service))
      .send({ reason: 'unpaid invoice' }),
  );
});
afterAll(async () => {
  await service?.stop();
});

describe('audit of a tenant as of an instant', () => {
  it('the changes after T were committed after T (so the comparisons below mean something)', async () => {
    const events = await storedTenantEvents(service, TENANT);
    const after = events.filter((e) => ceilMillis(e) > Date.parse(T));
    expect(after.length).toBeGreaterThanOrEqual(6);
    expect(events.length).toBe(auditAtT.event_count + after.length);
  });

  it("as of T it says what the service's own reads said at T", () => {
    const state = auditAtT.state;
    expect(state).not.toBeNull();
    const t = atT.tenant;
    expect(state?.profile).toEqual({
      company_name: t.company_name,
      contact_email: t.contact_email,
      timezone: 'Europe/Berlin',
      billing_account_ids: t.billing_account_ids,
      onboarded_at: t.onboarded_at,
    });
    expect(state?.status).toBe(t.status);
    expect(state?.status).toBe('ACTIVE');
    expect(state?.plan).toBe('STARTER');
    expect(state?.limits).toEqual(t.limits);
    const keyStatuses = (keys: readonly { key_id: string; status: string }[]) =>
      Object.fromEntries(keys.map((k) => [k.key_id, k.status]));
    expect(keyStatuses(state?.api_keys ?? [])).toEqual(keyStatuses(t.api_keys));
    expect(Object.keys(keyStatuses(t.api_keys))).toHaveLength(3);
    expect(state?.credentials.map((c) => [c.credential_id, c.provider, c.name, c.metadata])).toEqual(
      atT.credentials.credentials.map((c) => [c.credential_id, c.provider, c.name, c.metadata]),
    );
    expect(state?.schedules.map((s) => [s.config_id, s.active, s.cron, s.timezone])).toEqual(
      atT.schedules.pipelines.map((s) => [s.config_id, s.is_active, s.schedule_cron, s.timezone]),
    );
    // Usage from run events equals the quota counters the gate kept (usage_daily documents).
    const today = state?.usage.days.find((d) => d.day === t.usage.date);
    expect(today).toMatchObject({
      requested: 1,
      started: t.usage.runs_today,
      succeeded: t.usage.succeeded_today,
      failed: t.usage.failed_today,
    });
    expect(t.usage.runs_today).toBe(1);
    expect(state?.usage.month.runs).toBe(t.usage.runs_this_month);
  });

  it('as of T, after everything that changed since, it is exactly what it was at T', async () => {
    expect(await ok(adminAudit(service, TENANT, T))).toEqual(auditAtT);
  });

  it('as of now it shows every change', async () => {
    const now = await ok<TenantAsOf>(adminAudit(service, TENANT));
    expect(now.state).toMatchObject({
      plan: 'SCALE',
      limits: { daily_runs: 100, monthly_runs: 3000, concurrent_runs: 10 },
      status: 'SUSPENDED',
      credentials: [],
    });
    expect(now.state?.api_keys.find((k) => k.key_id === revokedKeyId)).toMatchObject({
      status: 'REVOKED',
      revoke_reason: 'rotated',
    });
    expect(auditAtT.state?.api_keys.find((k) => k.key_id === revokedKeyId)?.status).toBe('ACTIVE');
    expect(now.state?.schedules.map((s) => s.config_id).sort()).toEqual(
      [...(auditAtT.state?.schedules.map((s) => s.config_id) ?? []), 'nightly_check'].sort(),
    );
    expect(now.state?.usage.days.reduce((sum, d) => sum + d.succeeded, 0)).toBe(2);
    // The history up to T is a prefix of the history now.
    expect(now.timeline.slice(0, auditAtT.timeline.length)).toEqual(auditAtT.timeline);
    expect(now.timeline.slice(auditAtT.timeline.length).map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'ApiKeyRevoked',
        'PlanChanged',
        'ScheduleCreated',
        'RunSucceeded',
        'CredentialDeleted',
        'TenantSuspended',
      ]),
    );
    // Only this tenant's streams: the bystander's run is not in it.
    expect(
      now.timeline.every(
        (e) =>
          e.stream_id === `tenant-${TENANT}` ||
          e.stream_id.startsWith('run-') ||
          e.stream_id.startsWith(`keyuse-${TENANT}--`),
      ),
    ).toBe(true);
    const runIds = new Set(now.timeline.filter((e) => e.type === 'RunRequested').map((e) => e.stream_id));
    expect(runIds.size).toBe(2);
  });

  it('the timeline is the stored history: every event of the tenant through T, in commit order', async () => {
    const stored = (await storedTenantEvents(service, TENANT)).filter((e) => ceilMillis(e) <= Date.parse(T));
    expect(auditAtT.timeline.map((e) => [e.event_id, e.stream_id, e.revision, e.type, e.actor])).toEqual(
      stored.map((e) => [e.eventId, e.streamId, e.revision, e.type, e.meta.actor]),
    );
  });

  it('shows key hashes but never a key, a credential secret or its ciphertext', async () => {
    const texts = [
      JSON.stringify(auditAtT),
      JSON.stringify(await ok(adminAudit(service, TENANT))),
      (await runCliCaptured(['audit', 'tenant', TENANT], service.ctx)).stdout,
    ];
    for (const text of texts) {
      expect(text).toContain(revokedKeyId);
      expect(secretsFoundIn(text, { ...aws.secrets, 'tenant key': tenant.apiKey, ciphertext })).toEqual([]);
      expect(text).not.toContain('"encrypted"');
    }
    expect(ciphertext.length).toBeGreaterThan(20);
  });
});

describe('the admin audit endpoint', () => {
  it('answers 404 TENANT_NOT_FOUND for a tenant without events by then, or at all', async () => {
    for (const [tenantId, asOf] of [
      [TENANT, '2001-01-01T00:00:00Z'],
      ['never_onboarded', undefined],
    ] as const) {
      const response = await adminAudit(service, tenantId, asOf);
      expect(response.status).toBe(404);
      expectErrorShape(response.body, 'TENANT_NOT_FOUND');
    }
  });

  it.each([
    'yesterday',
    '2026-11-01',
    '2026-02-30T00:00:00Z',
    '2026-11-27T25:00:00Z',
    '2026-11-27T10:00:00',
    '2999-01-01T00:00:00Z',
    '',
  ])('answers 400 for as_of %j', async (asOf) => {
    const response = await adminAudit(service, TENANT, asOf);
    expect(response.status).toBe(400);
    expectErrorShape(response.body, 'INVALID_PARAMETER');
    expect(response.body.message).toMatch(/^as_of: /);
  });

  it("needs the admin key: a tenant key, another tenant's key or none are refused", async () => {
    const bystander = await onboard(service, 'keyholder_co');
    for (const headers of [{ 'X-API-Key': tenant.apiKey }, { 'X-API-Key': bystander.apiKey }, {}]) {
      const response = await request(service.app).get(`/api/v1/admin/audit/tenants/${TENANT}`).set(headers);
      expect(response.status).toBe(401);
      expectErrorShape(response.body, 'UNAUTHORIZED');
    }
    const badAdmin = await request(service.app)
      .get(`/api/v1/admin/audit/tenants/${TENANT}`)
      .set('X-Admin-Key', 'x'.repeat(40));
    expect(badAdmin.status).toBe(401);
  });
});

describe('convergence audit tenant', () => {
  it('--json prints the same object the admin endpoint answers', async () => {
    const run = await runCliCaptured(['audit', 'tenant', TENANT, '--as-of', T, '--json'], service.ctx);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual(auditAtT);
  });

  it('prints readable sections as of the instant', async () => {
    const run = await runCliCaptured(['audit', 'tenant', TENANT, '--as-of', T], service.ctx);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`^Tenant ${TENANT} as of ${T.replace(/\./g, '\\.')}, from ${auditAtT.event_count} event\\(s\\)`),
    );
    for (const heading of [
      'Profile',
      'Plan',
      'API keys (3)',
      'Schedules (1)',
      'Credentials (1; metadata only)',
      'Closed days (0)',
      `Timeline (${auditAtT.event_count} event(s), oldest first)`,
    ]) {
      expect(run.stdout).toContain(`\n${heading}\n`);
    }
    expect(run.stdout).toMatch(new RegExp(`^ {2}${revokedKeyId} +ACTIVE +deploy bot `, 'm'));
    expect(run.stdout).toMatch(/^ {2}STARTER: 6 runs a day, 180 a month, 1 at once$/m);
    const now = await runCliCaptured(['audit', 'tenant', TENANT], service.ctx);
    expect(now.stdout).toMatch(new RegExp(`^ {2}${revokedKeyId} +REVOKED +deploy bot `, 'm'));
    expect(now.stdout).toMatch(/^ {2}status +SUSPENDED /m);
  });

  it('a tenant without events by then exits 1; bad arguments exit 2 before anything starts', async () => {
    const missing = await runCliCaptured(['audit', 'tenant', 'never_onboarded'], service.ctx);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toContain('TENANT_NOT_FOUND');
    for (const argv of [
      ['audit', 'tenant', 'Bad-Id!'],
      ['audit', 'tenant', TENANT, '--as-of', 'last tuesday'],
      ['audit', 'tenant'],
    ]) {
      const run = await runCliCaptured(argv);
      expect(run).toMatchObject({ code: 2, stdout: '', contextsOpened: 0 });
    }
    const future = await runCliCaptured(['audit', 'tenant', TENANT, '--as-of', '2150-01-01T00:00:00Z'], service.ctx);
    expect(future).toMatchObject({ code: 2, stdout: '' });
    expect(future.stderr).toContain('is in the future');
  });
});
