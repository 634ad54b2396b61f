import request from 'supertest';
import {
  adminHeaders,
  bootstrap,
  countAllEvents,
  expectErrorShape,
  issueKey,
  onboard,
  tenantEvents,
} from '../support/http-fixtures';
import { startTestService, type TestService } from '../support/service';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
  await bootstrap(service);
  await onboard(service, 'escalation_tenant');
});
afterAll(async () => {
  await service?.stop();
});

const keysPath = '/api/v1/tenants/escalation_tenant/api-keys';
const tenantPath = '/api/v1/tenants/escalation_tenant';
const asKey = (apiKey: string) => ({ 'X-API-Key': apiKey });
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const issuedCount = async () =>
  (await tenantEvents(service, 'escalation_tenant')).filter((e) => e.type === 'ApiKeyIssued').length;
const writerBody = (expiresAt: string | null) => ({
  name: 'writer',
  scopes: ['pipelines:read', 'pipelines:write'],
  expires_at: expiresAt,
});

describe('a tenant key issues keys no stronger than itself', () => {
  it('refuses scopes the issuing key lacks with 403 API_KEY_SCOPE_ESCALATION naming them, issuing nothing', async () => {
    const writer = await issueKey(service, 'escalation_tenant', writerBody(null));
    // A key's first use of the day is itself recorded: only issuing must not happen.
    const before = await issuedCount();
    const response = await request(service.app)
      .post(keysPath)
      .set(asKey(writer.apiKey))
      .send({ name: 'runner', scopes: ['pipelines:read', 'pipelines:execute'] });
    expect(response.status).toBe(403);
    expectErrorShape(response.body, 'API_KEY_SCOPE_ESCALATION');
    expect(response.body.details.extra_scopes).toEqual(['pipelines:execute']);
    expect(response.body.message).toContain('pipelines:execute');
    expect(await issuedCount()).toBe(before);
  });

  it('lets the admin key issue any scopes without expiry, recording no parent', async () => {
    const response = await request(service.app)
      .post(keysPath)
      .set(adminHeaders(service))
      .send({ name: 'runner', scopes: ['pipelines:read', 'pipelines:write', 'pipelines:execute'] });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ expires_at: null, parent_key_id: null });
    const issued = (await tenantEvents(service, 'escalation_tenant')).find(
      (e) => e.type === 'ApiKeyIssued' && (e.data as { keyId: string }).keyId === response.body.key_id,
    );
    expect(issued?.data).not.toHaveProperty('parentKeyId');
  });

  it("gives a child of an expiring key that key's expiry, and refuses a later one or none", async () => {
    const expiry = inAnHour();
    const writer = await issueKey(service, 'escalation_tenant', writerBody(expiry));
    const child = await request(service.app)
      .post(keysPath)
      .set(asKey(writer.apiKey))
      .send({ name: 'c', scopes: ['pipelines:read'] });
    expect(child.status).toBe(201);
    expect(child.body).toMatchObject({ expires_at: expiry, parent_key_id: writer.keyId });
    expect((await service.ctx.db.doc(`api_keys/${child.body.key_id}`).get()).get('expiresAt')).toBe(expiry);
    const issued = (await tenantEvents(service, 'escalation_tenant')).find(
      (e) => e.type === 'ApiKeyIssued' && (e.data as { keyId: string }).keyId === child.body.key_id,
    );
    expect(issued?.data).toMatchObject({ parentKeyId: writer.keyId, expiresAt: expiry });

    const before = await countAllEvents(service.ctx.db);
    const later = new Date(Date.parse(expiry) + 1_000).toISOString();
    for (const expiresAt of [later, null]) {
      const refused = await request(service.app)
        .post(keysPath)
        .set(asKey(writer.apiKey))
        .send({ name: 'c', scopes: ['pipelines:read'], expires_at: expiresAt });
      expect(refused.status).toBe(403);
      expectErrorShape(refused.body, 'API_KEY_EXPIRY_ESCALATION');
      expect(refused.body.details.issuer_expires_at).toBe(expiry);
    }
    expect(await countAllEvents(service.ctx.db)).toBe(before);
  });
});

describe('revoking a key revokes the keys issued under it', () => {
  it('makes children and grandchildren answer 401 API_KEY_REVOKED, recorded in the same commit', async () => {
    const writer = await issueKey(service, 'escalation_tenant', writerBody(null));
    const child = await issueKey(service, 'escalation_tenant', writerBody(null), asKey(writer.apiKey));
    const grandchild = await issueKey(
      service,
      'escalation_tenant',
      { name: 'g', scopes: ['pipelines:read'] },
      asKey(child.apiKey),
    );
    const bystander = await issueKey(service, 'escalation_tenant', { name: 'b', scopes: ['pipelines:read'] });
    for (const key of [child, grandchild]) {
      expect((await request(service.app).get(tenantPath).set(asKey(key.apiKey))).status).toBe(200);
    }

    const revoked = await request(service.app)
      .delete(`${keysPath}/${writer.keyId}`)
      .set(adminHeaders(service))
      .send({ reason: 'leaked' });
    expect(revoked.status).toBe(200);
    for (const key of [writer, child, grandchild]) {
      const response = await request(service.app).get(tenantPath).set(asKey(key.apiKey));
      expect(response.status).toBe(401);
      expectErrorShape(response.body, 'API_KEY_REVOKED');
    }
    expect((await request(service.app).get(tenantPath).set(asKey(bystander.apiKey))).status).toBe(200);

    const revocations = (await tenantEvents(service, 'escalation_tenant')).filter((e) => e.type === 'ApiKeyRevoked');
    const byKey = new Map(revocations.map((e) => [(e.data as { keyId: string }).keyId, e]));
    expect((byKey.get(child.keyId)?.data as { reason: string }).reason).toBe(`issuing key ${writer.keyId} was revoked`);
    expect((byKey.get(grandchild.keyId)?.data as { reason: string }).reason).toBe(
      `issuing key ${child.keyId} was revoked`,
    );
    const commit = byKey.get(writer.keyId)?.recordedAt.toMillis();
    expect([child, grandchild].map((k) => byKey.get(k.keyId)?.recordedAt.toMillis())).toEqual([commit, commit]);
    expect(byKey.has(bystander.keyId)).toBe(false);
  });
});
