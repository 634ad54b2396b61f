import request from 'supertest';
import type { EncryptedSecret } from '../../src/security';
import { decryptCredential } from '../../src/security';
import {
  adminHeaders,
  awsCredential,
  bootstrap,
  credentialBody,
  eventCommitTime,
  expectErrorShape,
  issueKey,
  onboard,
  onboardBody,
  tenantEvents,
} from '../support/http-fixtures';
import { startTestService, type TestService } from '../support/service';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
  await bootstrap(service);
});
afterAll(async () => {
  await service?.stop();
});

const admin = () => adminHeaders(service);
const tenantPath = (tenantId: string) => `/api/v1/tenants/${tenantId}`;
const schedulePath = (tenantId: string) => `/api/v1/scheduler/tenant/${tenantId}/pipelines`;
const costSchedule = {
  provider: 'gcp',
  domain: 'cost',
  template: 'cost_billing',
  schedule_cron: '0 6 * * *',
  parameters: { billing_export_table: 'gcp_billing_export_v1_01A2B3_C4D5E6_F7A8B9' },
};
const billing = { billing_account_ids: ['01A2B3-C4D5E6-F7A8B9'] };

describe('plans', () => {
  it.each([
    ['STARTER', { daily_runs: 6, monthly_runs: 180, concurrent_runs: 1 }],
    ['PROFESSIONAL', { daily_runs: 25, monthly_runs: 750, concurrent_runs: 3 }],
    ['SCALE', { daily_runs: 100, monthly_runs: 3000, concurrent_runs: 10 }],
  ])('a %s tenant shows its limits in GET', async (plan, limits) => {
    const tenantId = `plan_${plan.toLowerCase()}`;
    const tenant = await onboard(service, tenantId, { subscription_plan: plan });
    const read = await request(service.app).get(tenantPath(tenantId)).set('X-API-Key', tenant.apiKey);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      subscription_plan: plan,
      limits,
      usage: { daily_remaining: limits.daily_runs, monthly_remaining: limits.monthly_runs },
    });
  });

  it('onboards on STARTER when no plan is given', async () => {
    await onboard(service, 'plan_default');
    const read = await request(service.app).get(tenantPath('plan_default')).set(admin());
    expect(read.body).toMatchObject({
      subscription_plan: 'STARTER',
      limits: { daily_runs: 6, monthly_runs: 180, concurrent_runs: 1 },
    });
  });

  it('changes the plan (admin only); the same plan again records nothing', async () => {
    const tenant = await onboard(service, 'plan_change');
    const byTenant = await request(service.app)
      .put(`${tenantPath('plan_change')}/plan`)
      .set('X-API-Key', tenant.apiKey)
      .send({ subscription_plan: 'SCALE' });
    expect(byTenant.status).toBe(401);
    expect(byTenant.body.error).toBe('UNAUTHORIZED');

    const changed = await request(service.app)
      .put(`${tenantPath('plan_change')}/plan`)
      .set(admin())
      .send({ subscription_plan: 'SCALE' });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({
      tenant_id: 'plan_change',
      status: 'ACTIVE',
      subscription_plan: 'SCALE',
      limits: { daily_runs: 100, monthly_runs: 3000, concurrent_runs: 10 },
      changed: true,
    });
    const count = (await tenantEvents(service, 'plan_change')).length;
    const again = await request(service.app)
      .put(`${tenantPath('plan_change')}/plan`)
      .set(admin())
      .send({ subscription_plan: 'SCALE' });
    expect(again.body.changed).toBe(false);
    expect(await tenantEvents(service, 'plan_change')).toHaveLength(count);

    const read = await request(service.app).get(tenantPath('plan_change')).set('X-API-Key', tenant.apiKey);
    expect(read.body).toMatchObject({
      subscription_plan: 'SCALE',
      limits: { daily_runs: 100, monthly_runs: 3000, concurrent_runs: 10 },
    });
    expect((await service.ctx.db.doc('tenants/plan_change').get()).data()).toMatchObject({
      plan: 'SCALE',
      limits: { dailyRuns: 100, monthlyRuns: 3000, concurrentRuns: 10 },
    });
  });

  it('refuses an unknown plan (400 INVALID_PAYLOAD) and an unknown tenant (404 TENANT_NOT_FOUND)', async () => {
    await onboard(service, 'plan_refused');
    const unknownPlan = await request(service.app)
      .put(`${tenantPath('plan_refused')}/plan`)
      .set(admin())
      .send({ subscription_plan: 'ENTERPRISE' });
    expect(unknownPlan.status).toBe(400);
    expectErrorShape(unknownPlan.body, 'INVALID_PAYLOAD');
    expect(unknownPlan.body.details.problems.join('\n')).toContain('body.subscription_plan');
    const unknownTenant = await request(service.app)
      .put(`${tenantPath('no_such_tenant')}/plan`)
      .set(admin())
      .send({ subscription_plan: 'SCALE' });
    expect(unknownTenant.status).toBe(404);
    expectErrorShape(unknownTenant.body, 'TENANT_NOT_FOUND');
    // Refused means unchanged.
    expect((await request(service.app).get(tenantPath('plan_refused')).set(admin())).body.subscription_plan).toBe(
      'STARTER',
    );
  });
});

describe('suspension', () => {
  it('parks the tenant and its schedules, and reactivation resumes both', async () => {
    const tenant = await onboard(service, 'suspend_me', billing);
    expect((await request(service.app).post(schedulePath('suspend_me')).set(admin()).send(costSchedule)).status).toBe(
      201,
    );
    const index = service.ctx.db.doc('schedule_index/suspend_me__gcp_cost_cost_billing');
    expect((await index.get()).data()).toMatchObject({ active: true, nextRunAt: expect.any(String) });

    const suspended = await request(service.app)
      .post(`${tenantPath('suspend_me')}/suspend`)
      .set(admin())
      .send({ reason: 'unpaid invoice' });
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ status: 'SUSPENDED', changed: true });
    expect(
      (
        await request(service.app)
          .post(`${tenantPath('suspend_me')}/suspend`)
          .set(admin())
      ).body.changed,
    ).toBe(false);
    expect((await service.ctx.db.doc('tenants/suspend_me').get()).get('status')).toBe('SUSPENDED');
    expect((await index.get()).data()).toMatchObject({ active: false, nextRunAt: null });
    expect((await request(service.app).get(tenantPath('suspend_me')).set(admin())).body.status).toBe('SUSPENDED');
    expect((await request(service.app).get(tenantPath('suspend_me')).set('X-API-Key', tenant.apiKey)).body.error).toBe(
      'TENANT_NOT_ACTIVE',
    );

    const reactivated = await request(service.app)
      .post(`${tenantPath('suspend_me')}/reactivate`)
      .set(admin());
    expect(reactivated.body).toMatchObject({ status: 'ACTIVE', changed: true });
    expect((await service.ctx.db.doc('tenants/suspend_me').get()).get('status')).toBe('ACTIVE');
    expect((await index.get()).data()).toMatchObject({ active: true, nextRunAt: expect.any(String) });
    expect((await request(service.app).get(tenantPath('suspend_me')).set('X-API-Key', tenant.apiKey)).status).toBe(200);
  });
});

describe('offboarding', () => {
  it('revokes every key, parks the schedules, marks the tenant DELETED and shreds its credentials, atomically', async () => {
    const tenant = await onboard(service, 'leaving_corp', billing);
    const second = await issueKey(service, 'leaving_corp', { name: 'second', scopes: ['pipelines:read'] });
    expect((await request(service.app).post(schedulePath('leaving_corp')).set(admin()).send(costSchedule)).status).toBe(
      201,
    );
    const fixture = awsCredential();
    const stored = await request(service.app)
      .post(`${tenantPath('leaving_corp')}/credentials`)
      .set(admin())
      .send(credentialBody(fixture));
    expect(stored.status).toBe(201);
    const credentialId = stored.body.credential_id as string;
    const storedEvent = (await tenantEvents(service, 'leaving_corp')).find((e) => e.type === 'CredentialStored');
    const encrypted = (storedEvent?.data as { encrypted: EncryptedSecret }).encrypted;
    // Readable before: what offboarding takes away.
    const before = await decryptCredential(service.ctx.keyring, 'leaving_corp', credentialId, encrypted);
    expect(before.credential).toMatchObject({ secret_access_key: fixture.credential.secret_access_key });

    const offboarded = await request(service.app)
      .delete(tenantPath('leaving_corp'))
      .set(admin())
      .send({ reason: 'contract ended' });
    expect(offboarded.status).toBe(200);
    expect(offboarded.body).toMatchObject({
      tenant_id: 'leaving_corp',
      status: 'DELETED',
      changed: true,
      data_key_destroyed: true,
    });

    for (const key of [tenant.apiKey, second.apiKey]) {
      const refused = await request(service.app).get(tenantPath('leaving_corp')).set('X-API-Key', key);
      expect(refused.status).toBe(401);
      expect(refused.body.error).toBe('API_KEY_REVOKED');
    }
    for (const keyId of [tenant.apiKeyId, second.keyId])
      expect((await service.ctx.db.doc(`api_keys/${keyId}`).get()).get('revokedAt')).toEqual(expect.any(String));
    expect((await service.ctx.db.doc('schedule_index/leaving_corp__gcp_cost_cost_billing').get()).data()).toMatchObject(
      { active: false, nextRunAt: null },
    );
    expect((await service.ctx.db.doc('tenants/leaving_corp').get()).get('status')).toBe('DELETED');
    expect((await request(service.app).get(tenantPath('leaving_corp')).set(admin())).body.status).toBe('DELETED');

    const keyring = await service.ctx.db.doc('keyring/leaving_corp').get();
    expect(keyring.data()).toEqual({
      schemaVersion: 1,
      tenantId: 'leaving_corp',
      state: 'destroyed',
      destroyedAt: expect.any(String),
    });
    await expect(decryptCredential(service.ctx.keyring, 'leaving_corp', credentialId, encrypted)).rejects.toMatchObject(
      { code: 'DATA_KEY_DESTROYED' },
    );

    const events = await tenantEvents(service, 'leaving_corp');
    const last = events.slice(-5);
    expect(last.map((e) => e.type)).toEqual([
      'ApiKeyRevoked',
      'ApiKeyRevoked',
      'ScheduleUpdated',
      'TenantOffboarded',
      'CredentialDataKeyDestroyed',
    ]);
    // One commit: the tombstone was written with the events (a document's update time is its commit's time).
    const commitTimes = await Promise.all(last.map((e) => eventCommitTime(service, e.streamId, e.revision)));
    expect(new Set(commitTimes.map((time) => time.valueOf())).size).toBe(1);
    expect(keyring.updateTime?.valueOf()).toBe(commitTimes[0]?.valueOf());
  });
});

describe('given an offboarded tenant', () => {
  const TENANT = 'left_corp';
  beforeAll(async () => {
    await onboard(service, TENANT, billing);
    expect((await request(service.app).post(schedulePath(TENANT)).set(admin()).send(costSchedule)).status).toBe(201);
    expect(
      (
        await request(service.app)
          .post(`${tenantPath(TENANT)}/credentials`)
          .set(admin())
          .send(credentialBody(awsCredential()))
      ).status,
    ).toBe(201);
    const offboarded = await request(service.app)
      .delete(tenantPath(TENANT))
      .set(admin())
      .send({ reason: 'contract ended' });
    expect(offboarded.body).toMatchObject({ status: 'DELETED', changed: true, data_key_destroyed: true });
  });

  it('keeps the id: onboarding it again answers 410 TENANT_DELETED, changes answer 410, offboarding again records nothing', async () => {
    const count = (await tenantEvents(service, TENANT)).length;
    const again = await request(service.app).post('/api/v1/tenants/onboard').set(admin()).send(onboardBody(TENANT));
    expect(again.status).toBe(410);
    expectErrorShape(again.body, 'TENANT_DELETED');
    const credential = await request(service.app)
      .post(`${tenantPath(TENANT)}/credentials`)
      .set(admin())
      .send(credentialBody(awsCredential()));
    expect(credential.status).toBe(410);
    expect(credential.body.error).toBe('TENANT_DELETED');
    const key = await request(service.app)
      .post(`${tenantPath(TENANT)}/api-keys`)
      .set(admin())
      .send({ name: 'back door', scopes: ['pipelines:read'] });
    expect(key.status).toBe(410);
    const reactivate = await request(service.app)
      .post(`${tenantPath(TENANT)}/reactivate`)
      .set(admin());
    expect(reactivate.status).toBe(410);
    const offboardAgain = await request(service.app).delete(tenantPath(TENANT)).set(admin());
    expect(offboardAgain.status).toBe(200);
    expect(offboardAgain.body).toMatchObject({ status: 'DELETED', changed: false });
    expect(await tenantEvents(service, TENANT)).toHaveLength(count);
    expect((await service.ctx.db.doc(`keyring/${TENANT}`).get()).get('state')).toBe('destroyed');
  });
});
