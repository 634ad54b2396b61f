import request from 'supertest';
import { generateApiKey } from '../../src/security';
import {
  adminHeaders,
  bootstrap,
  countAllEvents,
  expectErrorShape,
  issueKey,
  onboard,
  tenantEvents,
  type OnboardedTenant,
} from '../support/http-fixtures';
import { startTestService, type TestService } from '../support/service';

let service: TestService;
let alpha: OnboardedTenant;
let beta: OnboardedTenant;
beforeAll(async () => {
  service = await startTestService();
  await bootstrap(service);
  alpha = await onboard(service, 'auth_alpha');
  beta = await onboard(service, 'auth_beta');
});
afterAll(async () => {
  await service?.stop();
});
afterEach(() => service.setNow(undefined));

const tenantPath = (tenantId: string) => `/api/v1/tenants/${tenantId}`;
const get = (tenantId: string, headers: Record<string, string>) =>
  request(service.app).get(tenantPath(tenantId)).set(headers);

describe('who may call', () => {
  it('answers 401 UNAUTHORIZED without any key, on tenant and admin routes alike', async () => {
    const tenant = await request(service.app).get(tenantPath('auth_alpha'));
    expect(tenant.status).toBe(401);
    expectErrorShape(tenant.body, 'UNAUTHORIZED');
    const admin = await request(service.app)
      .put(`${tenantPath('auth_alpha')}/plan`)
      .send({ subscription_plan: 'SCALE' });
    expect(admin.status).toBe(401);
    expectErrorShape(admin.body, 'UNAUTHORIZED');
  });

  it('answers 401 INVALID_ADMIN_KEY for a wrong admin key, even when a valid tenant key comes with it', async () => {
    const wrong = { 'X-Admin-Key': `${service.secrets.adminKey}x` };
    const adminRoute = await request(service.app).post('/api/v1/admin/bootstrap').set(wrong);
    expect(adminRoute.status).toBe(401);
    expectErrorShape(adminRoute.body, 'INVALID_ADMIN_KEY');
    const tenantRoute = await get('auth_alpha', { ...wrong, 'X-API-Key': alpha.apiKey });
    expect(tenantRoute.status).toBe(401);
    expect(tenantRoute.body.error).toBe('INVALID_ADMIN_KEY');
    expect(JSON.stringify(tenantRoute.body)).not.toContain(service.secrets.adminKey);
  });

  it.each([
    ['not a key at all', () => 'hello'],
    ['the right shape but unknown', () => generateApiKey().secret],
    [
      'a real key with its last character changed',
      () => `${alpha.apiKey.slice(0, -1)}${alpha.apiKey.endsWith('A') ? 'B' : 'A'}`,
    ],
    ['a real key with its prefix upper-cased', () => alpha.apiKey.replace('cvg_', 'CVG_')],
  ])('answers 401 INVALID_API_KEY for %s', async (_case, presented) => {
    const key = presented();
    const response = await get('auth_alpha', { 'X-API-Key': key });
    expect(response.status).toBe(401);
    expectErrorShape(response.body, 'INVALID_API_KEY');
    expect(JSON.stringify(response.body)).not.toContain(key);
  });

  it('answers 401 API_KEY_REVOKED once a key is revoked', async () => {
    const key = await issueKey(service, 'auth_alpha', { name: 'soon revoked', scopes: ['pipelines:read'] });
    expect((await get('auth_alpha', { 'X-API-Key': key.apiKey })).status).toBe(200);
    const revoked = await request(service.app)
      .delete(`${tenantPath('auth_alpha')}/api-keys/${key.keyId}`)
      .set(adminHeaders(service));
    expect(revoked.status).toBe(200);
    const response = await get('auth_alpha', { 'X-API-Key': key.apiKey });
    expect(response.status).toBe(401);
    expectErrorShape(response.body, 'API_KEY_REVOKED');
  });

  it('answers 401 API_KEY_EXPIRED from the instant the key expires', async () => {
    const issuedAt = new Date('2031-05-01T10:00:00.000Z');
    const expiresAt = new Date(issuedAt.getTime() + 5 * 60_000);
    service.setNow(issuedAt);
    const key = await issueKey(service, 'auth_alpha', {
      name: 'short lived',
      scopes: ['pipelines:read'],
      expires_at: expiresAt.toISOString(),
    });
    service.setNow(new Date(expiresAt.getTime() - 1));
    expect((await get('auth_alpha', { 'X-API-Key': key.apiKey })).status).toBe(200);
    service.setNow(expiresAt);
    const response = await get('auth_alpha', { 'X-API-Key': key.apiKey });
    expect(response.status).toBe(401);
    expectErrorShape(response.body, 'API_KEY_EXPIRED');
  });

  it("answers 403 FORBIDDEN to another tenant's key, whatever its scopes", async () => {
    const read = await get('auth_alpha', { 'X-API-Key': beta.apiKey });
    expect(read.status).toBe(403);
    expectErrorShape(read.body, 'FORBIDDEN');
    const before = await countAllEvents(service.ctx.db);
    const write = await request(service.app)
      .post(`${tenantPath('auth_alpha')}/api-keys`)
      .set('X-API-Key', beta.apiKey)
      .send({ name: 'intruder', scopes: ['pipelines:read'] });
    expect(write.status).toBe(403);
    expect(write.body.error).toBe('FORBIDDEN');
    expect(await countAllEvents(service.ctx.db)).toBe(before);
  });

  it('answers 403 FORBIDDEN to a key lacking the scope, and serves what its scopes allow', async () => {
    const reader = await issueKey(service, 'auth_alpha', { name: 'reader', scopes: ['pipelines:read'] });
    expect((await get('auth_alpha', { 'X-API-Key': reader.apiKey })).status).toBe(200);
    const writeAttempt = await request(service.app)
      .post(`${tenantPath('auth_alpha')}/api-keys`)
      .set('X-API-Key', reader.apiKey)
      .send({ name: 'escalate', scopes: ['pipelines:write'] });
    expect(writeAttempt.status).toBe(403);
    expectErrorShape(writeAttempt.body, 'FORBIDDEN');
    expect(writeAttempt.body.message).toContain('pipelines:write');

    const writer = await issueKey(service, 'auth_alpha', { name: 'writer', scopes: ['pipelines:write'] });
    const readAttempt = await request(service.app)
      .get(`/api/v1/scheduler/tenant/auth_alpha/pipelines`)
      .set('X-API-Key', writer.apiKey);
    expect(readAttempt.status).toBe(403);
    expect(readAttempt.body.error).toBe('FORBIDDEN');
    expect(readAttempt.body.message).toContain('pipelines:read');
  });

  it("answers 403 TENANT_NOT_ACTIVE to a suspended tenant's key, and serves it again after reactivation", async () => {
    const gamma = await onboard(service, 'auth_gamma');
    expect(
      (
        await request(service.app)
          .post(`${tenantPath('auth_gamma')}/suspend`)
          .set(adminHeaders(service))
          .send({ reason: 'unpaid invoice' })
      ).status,
    ).toBe(200);
    const suspended = await get('auth_gamma', { 'X-API-Key': gamma.apiKey });
    expect(suspended.status).toBe(403);
    expectErrorShape(suspended.body, 'TENANT_NOT_ACTIVE');
    expect(
      (
        await request(service.app)
          .post(`${tenantPath('auth_gamma')}/reactivate`)
          .set(adminHeaders(service))
      ).status,
    ).toBe(200);
    const back = await get('auth_gamma', { 'X-API-Key': gamma.apiKey });
    expect(back.status).toBe(200);
    expect(back.body.status).toBe('ACTIVE');
  });
});

describe('what gets recorded about the caller', () => {
  it('records the authenticated principal as the actor and X-User-ID apart as asserted, for both kinds of key', async () => {
    const byTenant = await request(service.app)
      .post(`${tenantPath('auth_beta')}/api-keys`)
      .set({ 'X-API-Key': beta.apiKey, 'X-User-ID': 'alice@example.com' })
      .send({ name: 'ci', scopes: ['pipelines:read'] });
    expect(byTenant.status).toBe(201);
    const byAdmin = await request(service.app)
      .post(`${tenantPath('auth_beta')}/suspend`)
      .set({ ...adminHeaders(service), 'X-User-ID': 'ops-bob' })
      .send({});
    expect(byAdmin.status).toBe(200);
    await request(service.app)
      .post(`${tenantPath('auth_beta')}/reactivate`)
      .set(adminHeaders(service));

    const events = await tenantEvents(service, 'auth_beta');
    const issued = events.find(
      (e) => e.type === 'ApiKeyIssued' && (e.data as { keyId: string }).keyId === byTenant.body.key_id,
    );
    expect(issued?.meta).toMatchObject({ actor: `key:${beta.apiKeyId}`, assertedUserId: 'alice@example.com' });
    expect(issued?.meta.correlationId).toBe(byTenant.headers['x-request-id']);
    expect(events.find((e) => e.type === 'TenantSuspended')?.meta).toMatchObject({
      actor: 'admin',
      assertedUserId: 'ops-bob',
    });
    const reactivated = events.find((e) => e.type === 'TenantReactivated')?.meta;
    expect(reactivated?.actor).toBe('admin');
    expect(reactivated).not.toHaveProperty('assertedUserId');
  });

  it('refuses an X-User-ID outside its alphabet with 400 INVALID_USER_ID, recording nothing', async () => {
    // The key's first use in a minute records an ApiKeyUsed event: on a fixed clock, that use is made first, so
    // the count sees only what the refused request writes, whichever test used the key before.
    service.setNow(new Date('2032-03-03T08:00:00.000Z'));
    expect((await get('auth_beta', { 'X-API-Key': beta.apiKey })).status).toBe(200);
    const before = await countAllEvents(service.ctx.db);
    const response = await request(service.app)
      .post(`${tenantPath('auth_beta')}/api-keys`)
      .set({ 'X-API-Key': beta.apiKey, 'X-User-ID': 'alice; DROP TABLE' })
      .send({ name: 'ci', scopes: ['pipelines:read'] });
    expect(response.status).toBe(400);
    expectErrorShape(response.body, 'INVALID_USER_ID');
    expect(await countAllEvents(service.ctx.db)).toBe(before);
  });

  it('writes last_used_at on first use, not again within a minute, and again once a minute has passed', async () => {
    const key = await issueKey(service, 'auth_beta', { name: 'busy', scopes: ['pipelines:read'] });
    const doc = service.ctx.db.doc(`api_keys/${key.keyId}`);
    expect((await doc.get()).get('lastUsedAt')).toBeNull();

    const first = new Date('2032-02-02T08:00:00.000Z');
    service.setNow(first);
    expect((await get('auth_beta', { 'X-API-Key': key.apiKey })).status).toBe(200);
    const afterFirst = await doc.get();
    expect(afterFirst.get('lastUsedAt')).toBe(first.toISOString());

    for (const offset of [1_000, 30_000, 59_999]) {
      service.setNow(new Date(first.getTime() + offset));
      expect((await get('auth_beta', { 'X-API-Key': key.apiKey })).status).toBe(200);
    }
    const withinMinute = await doc.get();
    expect(withinMinute.get('lastUsedAt')).toBe(first.toISOString());
    expect(withinMinute.updateTime?.isEqual(afterFirst.updateTime as FirebaseFirestore.Timestamp)).toBe(true);

    const later = new Date(first.getTime() + 60_000);
    service.setNow(later);
    expect((await get('auth_beta', { 'X-API-Key': key.apiKey })).status).toBe(200);
    expect((await doc.get()).get('lastUsedAt')).toBe(later.toISOString());
  });
});
