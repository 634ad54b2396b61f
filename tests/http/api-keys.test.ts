import { createHash } from 'node:crypto';
import request from 'supertest';
import { hashApiKey, verifyApiKey } from '../../src/security';
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
let tenant: OnboardedTenant;
beforeAll(async () => {
  service = await startTestService();
  await bootstrap(service);
  // A fixed clock, and the key's first use in that minute (which records an ApiKeyUsed event) made now: the
  // "issuing nothing" counts see only what the request under test writes, whichever test runs first.
  service.setNow(new Date('2026-06-01T10:00:00Z'));
  tenant = await onboard(service, 'keys_tenant');
  expect((await request(service.app).get('/api/v1/tenants/keys_tenant/api-keys').set(asTenant())).status).toBe(200);
});
afterAll(async () => {
  await service?.stop();
});

const keysPath = '/api/v1/tenants/keys_tenant/api-keys';
const asTenant = () => ({ 'X-API-Key': tenant.apiKey });

describe('API keys over HTTP', () => {
  it('issues a key whose secret is in the answer only: never listed, never in the events', async () => {
    const response = await request(service.app)
      .post(keysPath)
      .set(asTenant())
      .send({ name: 'deploy bot', scopes: ['pipelines:read', 'pipelines:execute'] });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      name: 'deploy bot',
      scopes: ['pipelines:read', 'pipelines:execute'],
      expires_at: null,
    });
    expect(response.body.key_id).toMatch(/^[0-9a-f]{20}$/);
    expect(response.body.api_key).toMatch(new RegExp(`^cvg_${response.body.key_id}_[0-9A-Za-z]{43}$`));
    const { api_key: apiKey, key_id: keyId } = response.body;
    const storedHash = String((await service.ctx.db.doc(`api_keys/${keyId}`).get()).get('keyHash'));
    expect(storedHash).toMatch(/^[0-9a-f]{64}$/);

    for (const headers of [asTenant(), adminHeaders(service)]) {
      const list = await request(service.app).get(keysPath).set(headers);
      expect(list.status).toBe(200);
      const listed = list.body.api_keys.find((k: { key_id: string }) => k.key_id === keyId);
      expect(listed).toEqual({
        key_id: keyId,
        name: 'deploy bot',
        scopes: ['pipelines:read', 'pipelines:execute'],
        created_at: response.body.created_at,
        expires_at: null,
        revoked_at: null,
        parent_key_id: tenant.apiKeyId,
        status: 'ACTIVE',
      });
      expect(list.body.api_keys.map((k: { key_id: string }) => k.key_id)).toEqual(
        expect.arrayContaining([tenant.apiKeyId, keyId]),
      );
      const text = JSON.stringify(list.body);
      expect(text).not.toContain(apiKey);
      expect(text).not.toContain(storedHash);
      // No field about a hash at all (a key may be *named* "hash check" by another scenario: names are data).
      expect(text).not.toMatch(/"[^"]*hash[^"]*":/i);
    }
    const tenantView = JSON.stringify(
      (await request(service.app).get('/api/v1/tenants/keys_tenant').set(asTenant())).body,
    );
    expect(tenantView).toContain(keyId);
    expect(tenantView).not.toContain(apiKey);
    expect(tenantView).not.toContain(storedHash);
    expect(JSON.stringify(await tenantEvents(service, 'keys_tenant'))).not.toContain(apiKey);

    expect((await request(service.app).get('/api/v1/tenants/keys_tenant').set('X-API-Key', apiKey)).status).toBe(200);
  });

  it('stores a peppered hash: not the key, not its plain SHA-256, only reproducible with the pepper', async () => {
    const key = await issueKey(service, 'keys_tenant', { name: 'hash check', scopes: ['pipelines:read'] });
    const entry = (await service.ctx.db.doc(`api_keys/${key.keyId}`).get()).data();
    expect(entry).toMatchObject({ tenantId: 'keys_tenant', scopes: ['pipelines:read'], revokedAt: null });
    const stored = String(entry?.keyHash);
    expect(JSON.stringify(entry)).not.toContain(key.apiKey);
    expect(stored).not.toBe(createHash('sha256').update(key.apiKey).digest('hex'));
    expect(stored).toBe(hashApiKey(key.apiKey, service.secrets.apiKeyPepper));
    expect(verifyApiKey(key.apiKey, stored, `${service.secrets.apiKeyPepper}-other-pepper`)).toBe(false);
    const issued = (await tenantEvents(service, 'keys_tenant')).find(
      (e) => e.type === 'ApiKeyIssued' && (e.data as { keyId: string }).keyId === key.keyId,
    );
    expect((issued?.data as { keyHash: string }).keyHash).toBe(stored);
  });

  it('revokes a key at once; revoking it again is harmless and records nothing more', async () => {
    const key = await issueKey(service, 'keys_tenant', { name: 'temporary', scopes: ['pipelines:read'] });
    const first = await request(service.app)
      .delete(`${keysPath}/${key.keyId}`)
      .set(asTenant())
      .send({ reason: 'rotated' });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ key_id: key.keyId, status: 'REVOKED', revoked_at: expect.any(String) });
    const eventsAfterFirst = (await tenantEvents(service, 'keys_tenant')).length;

    const second = await request(service.app).delete(`${keysPath}/${key.keyId}`).set(adminHeaders(service));
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const events = await tenantEvents(service, 'keys_tenant');
    expect(events).toHaveLength(eventsAfterFirst);
    expect(
      events
        .filter((e) => e.type === 'ApiKeyRevoked' && (e.data as { keyId: string }).keyId === key.keyId)
        .map((e) => (e.data as { reason: string }).reason),
    ).toEqual(['rotated']);

    expect((await service.ctx.db.doc(`api_keys/${key.keyId}`).get()).get('revokedAt')).toBe(first.body.revoked_at);
    const listed = (await request(service.app).get(keysPath).set(asTenant())).body.api_keys.find(
      (k: { key_id: string }) => k.key_id === key.keyId,
    );
    expect(listed).toMatchObject({ status: 'REVOKED', revoked_at: first.body.revoked_at });
    expect(
      (await request(service.app).get('/api/v1/tenants/keys_tenant').set('X-API-Key', key.apiKey)).body.error,
    ).toBe('API_KEY_REVOKED');
  });

  it('answers 404 API_KEY_NOT_FOUND for a key id the tenant does not have', async () => {
    const response = await request(service.app).delete(`${keysPath}/00000000000000000000`).set(asTenant());
    expect(response.status).toBe(404);
    expectErrorShape(response.body, 'API_KEY_NOT_FOUND');
  });

  it("cannot revoke another tenant's key through its own path: 404, and that key keeps working", async () => {
    const other = await onboard(service, 'keys_other');
    const response = await request(service.app).delete(`${keysPath}/${other.apiKeyId}`).set(asTenant());
    expect(response.status).toBe(404);
    expectErrorShape(response.body, 'API_KEY_NOT_FOUND');
    expect((await service.ctx.db.doc(`api_keys/${other.apiKeyId}`).get()).get('revokedAt')).toBeNull();
    expect((await request(service.app).get('/api/v1/tenants/keys_other').set('X-API-Key', other.apiKey)).status).toBe(
      200,
    );
  });

  it.each([
    ['no scopes', { name: 'k', scopes: [] }, 'body.scopes'],
    ['an unknown scope', { name: 'k', scopes: ['pipelines:admin'] }, 'body.scopes[0]'],
    ['a duplicated scope', { name: 'k', scopes: ['pipelines:read', 'pipelines:read'] }, 'body.scopes'],
    ['scopes as a string', { name: 'k', scopes: 'pipelines:read' }, 'body.scopes'],
    ['no name', { scopes: ['pipelines:read'] }, 'body.name'],
    ['a blank name', { name: '   ', scopes: ['pipelines:read'] }, 'body.name'],
    [
      'an expiry without a zone',
      { name: 'k', scopes: ['pipelines:read'], expires_at: '2040-01-01T00:00:00' },
      'body.expires_at',
    ],
  ])('refuses %s with 400 INVALID_PAYLOAD naming the path, issuing nothing', async (_case, body, path) => {
    const before = await countAllEvents(service.ctx.db);
    const response = await request(service.app).post(keysPath).set(asTenant()).send(body);
    expect(response.status).toBe(400);
    expectErrorShape(response.body, 'INVALID_PAYLOAD');
    expect((response.body.details.problems as string[]).map((p) => p.split(':')[0])).toContain(path);
    expect(await countAllEvents(service.ctx.db)).toBe(before);
  });

  it('refuses an expiry in the past with 400 INVALID_COMMAND, issuing nothing', async () => {
    const before = await countAllEvents(service.ctx.db);
    const response = await request(service.app)
      .post(keysPath)
      .set(asTenant())
      .send({ name: 'k', scopes: ['pipelines:read'], expires_at: '2001-01-01T00:00:00Z' });
    expect(response.status).toBe(400);
    expectErrorShape(response.body, 'INVALID_COMMAND');
    expect(await countAllEvents(service.ctx.db)).toBe(before);
  });
});
