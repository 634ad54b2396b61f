import request from 'supertest';
import { tenantStreamId } from '../../src/domain/streams';
import {
  adminHeaders,
  bootstrap,
  countAllEvents,
  dumpFirestore,
  issueKey,
  onboard,
  secretsFoundIn,
  tenantEvents,
} from '../support/http-fixtures';
import { startTestService, type TestService } from '../support/service';
import { testPrivateKeyPem } from '../security/support';
import { TENANT_CAPS } from '../../src/domain/tenant/caps';

/**
 * Caller-sent values that reach events and logs (X-Request-ID, traceparent, X-User-ID, Idempotency-Key, reasons,
 * paths, queries, headers, bodies), each tried with every secret kind; then the responses, the log lines and every
 * Firestore document (events read back from the emulator) are searched for the secrets.
 */
let service: TestService;
let tenantKey: string;
const secrets: Record<string, string> = {};
const responses: string[] = [];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TENANT = 'corr_alpha';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl';

async function sent(test: request.Test): Promise<request.Response> {
  const response = await test;
  responses.push(JSON.stringify({ headers: response.headers, body: response.body as unknown }));
  return response;
}

// Keys are issued on a tenant of their own, a fresh one before the per-tenant cap of 20 active keys is reached.
let keyTenant = TENANT;
let keyTenants = 0;
let keysOnKeyTenant: number = TENANT_CAPS.activeApiKeys; // the first key onboards the first key tenant
/** Onboards a fresh key tenant unless the current one has room for `keys` more keys. */
async function roomFor(keys: number): Promise<void> {
  if (keysOnKeyTenant + keys <= TENANT_CAPS.activeApiKeys) return;
  keyTenants += 1;
  keyTenant = `corr_keys_${keyTenants}`;
  await onboard(service, keyTenant);
  keysOnKeyTenant = 1;
}

async function newKey(headers: Record<string, string>): Promise<request.Response> {
  await roomFor(1);
  const response = await sent(
    request(service.app)
      .post(`/api/v1/tenants/${keyTenant}/api-keys`)
      .set({ ...adminHeaders(service), ...headers })
      .send({ name: 'k', scopes: ['pipelines:read'] }),
  );
  if (response.status === 201) keysOnKeyTenant += 1;
  return response;
}

async function lastEventMeta() {
  const events = await tenantEvents(service, keyTenant);
  return events[events.length - 1]?.meta;
}

beforeAll(async () => {
  service = await startTestService();
  await bootstrap(service);
  tenantKey = (await onboard(service, TENANT)).apiKey;
  Object.assign(secrets, {
    'admin key': service.secrets.adminKey,
    'service token': service.secrets.serviceToken,
    'tenant API key': tenantKey,
    pepper: service.secrets.apiKeyPepper,
    kek: service.secrets.kek,
    'PEM key line': testPrivateKeyPem().split('\n')[2] ?? '',
    jwt: JWT,
  });
});
afterAll(async () => {
  await service?.stop();
});

describe('correlation ids', () => {
  it('keeps a canonical UUID X-Request-ID (lower-cased), echoes it and stores it as the correlation id', async () => {
    const offered = '0F8FA6D2-4C1E-4B43-9A52-6F1AB0C7D9E1';
    const response = await newKey({ 'X-Request-ID': offered });
    expect(response.status).toBe(201);
    expect(response.headers['x-request-id']).toBe(offered.toLowerCase());
    expect((await lastEventMeta())?.correlationId).toBe(offered.toLowerCase());
  });

  it('derives the correlation id from a valid W3C traceparent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await newKey({ traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    expect(response.status).toBe(201);
    expect(response.headers['x-request-id']).toBe('4bf92f35-77b3-4da6-a3ce-929d0e0e4736');
    expect((await lastEventMeta())?.correlationId).toBe('4bf92f35-77b3-4da6-a3ce-929d0e0e4736');
  });

  it('replaces an all-zero or malformed traceparent and a non-UUID X-Request-ID with a fresh UUID', async () => {
    for (const headers of <Record<string, string>[]>[
      { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` },
      { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01' },
      { traceparent: 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
      { 'X-Request-ID': 'request-12345678' },
    ]) {
      const response = await newKey(headers);
      expect(response.status).toBe(201);
      expect(response.headers['x-request-id']).toMatch(UUID);
      expect(response.headers['x-request-id']).not.toContain('4bf92f35');
    }
  });

  it('never echoes or stores a secret sent as X-Request-ID or inside traceparent', async () => {
    for (const [kind, secret] of Object.entries(secrets)) {
      const tries: Record<string, string>[] = [
        { 'X-Request-ID': secret },
        { traceparent: `00-${secret}-00f067aa0ba902b7-01` },
      ];
      for (const headers of tries) {
        const response = await newKey(headers);
        expect({ kind, status: response.status }).toEqual({ kind, status: 201 });
        expect(response.headers['x-request-id']).toMatch(UUID);
        expect((await lastEventMeta())?.correlationId).toBe(response.headers['x-request-id']);
      }
    }
  });
});

describe('other caller-sent values that reach events', () => {
  it('refuses an X-User-ID holding any secret kind with 400 INVALID_USER_ID, writing nothing', async () => {
    // Any onboarding of a fresh key tenant happens before the count, not among the refused requests.
    await roomFor(Object.keys(secrets).length + 1);
    const before = await countAllEvents(service.ctx.db);
    for (const [kind, secret] of Object.entries(secrets)) {
      const response = await newKey({ 'X-User-ID': secret });
      const outcome = { kind, status: response.status, code: response.body.error };
      expect(outcome).toEqual({ kind, status: 400, code: 'INVALID_USER_ID' });
    }
    expect(await countAllEvents(service.ctx.db)).toBe(before);
    const ordinary = await newKey({ 'X-User-ID': 'alice@example.com' });
    expect(ordinary.status).toBe(201);
    expect(await lastEventMeta()).toMatchObject({ actor: 'admin', assertedUserId: 'alice@example.com' });
  });

  it('refuses an Idempotency-Key shaped like a credential with 400 INVALID_IDEMPOTENCY_KEY', async () => {
    const path = `/api/v1/pipelines/run/${TENANT}/gcp/cost/cost_billing`;
    const { adminKey, serviceToken } = service.secrets;
    for (const key of [adminKey.slice(0, 40), serviceToken.slice(0, 40), tenantKey.slice(0, 40)]) {
      const run = request(service.app).post(path).set(adminHeaders(service)).set('Idempotency-Key', key);
      const response = await sent(run.send({}));
      const outcome = { key, status: response.status, code: response.body.error };
      expect(outcome).toEqual({ key, status: 400, code: 'INVALID_IDEMPOTENCY_KEY' });
    }
  });

  it('refuses a revocation reason holding a secret, and the key stays active', async () => {
    const { keyId } = await issueKey(service, TENANT, { name: 'to-keep', scopes: ['pipelines:read'] });
    const before = (await service.ctx.store.readStream(tenantStreamId(TENANT))).events.length;
    for (const secret of [secrets['admin key'], secrets.pepper, secrets.jwt, `rotated ${tenantKey}`]) {
      const revoke = request(service.app)
        .delete(`/api/v1/tenants/${TENANT}/api-keys/${keyId}`)
        .set(adminHeaders(service));
      const response = await sent(revoke.send({ reason: secret }));
      expect(response.status).toBe(400);
    }
    expect((await service.ctx.store.readStream(tenantStreamId(TENANT))).events).toHaveLength(before);
  });
});

describe('secrets in paths, queries, headers and bodies', () => {
  // The responses this describe's requests got (the other describes add theirs to `responses` when they run).
  let own: string[] = [];
  beforeAll(async () => {
    const first = responses.length;
    for (const secret of Object.values(secrets)) {
      const encoded = encodeURIComponent(secret);
      const query = `access_token=${encoded}&key=${encoded}`;
      await sent(request(service.app).get(`/api/v1/tenants/${encoded}?${query}`).set('X-Webhook-Token', secret));
      await sent(request(service.app).get(`/api/v1/nowhere/${encoded}`).set('X-API-Key', tenantKey));
      const body = { name: secret, scopes: ['pipelines:read'], token: secret };
      const issue = request(service.app).post(`/api/v1/tenants/${TENANT}/api-keys`).set('X-API-Key', tenantKey);
      await sent(issue.send(body));
    }
    await sent(request(service.app).get(`/api/v1/nowhere/${encodeURIComponent(testPrivateKeyPem())}`));
    own = responses.slice(first);
  });

  it('no log line holds a secret, and the request lines were written', () => {
    const all = service.logLines.join('\n');
    expect(all).toContain('"path":"/api/v1/nowhere/[redacted]"');
    expect(all).toContain('"path":"/api/v1/tenants/[redacted]"');
    const leaks = service.logLines.flatMap((line, index) =>
      secretsFoundIn(line, secrets).map((kind) => `${kind} in log line ${index}`),
    );
    expect(leaks).toEqual([]);
  });

  it('no response answered one back', () => {
    // Three requests per secret kind and the private key in a path: every one answered.
    expect(own).toHaveLength(3 * Object.values(secrets).length + 1);
    const leaks = responses.flatMap((text, index) =>
      secretsFoundIn(text, secrets).map((kind) => `${kind} in response ${index}`),
    );
    expect(leaks).toEqual([]);
  });

  it('no Firestore document (events included, read back from the emulator) holds one', async () => {
    const documents = await dumpFirestore(service.ctx.db);
    expect(documents.some((document) => document.path.includes('/events/'))).toBe(true);
    const leaks = documents.flatMap((document) =>
      secretsFoundIn(document.json, secrets).map((kind) => `${kind} in ${document.path}`),
    );
    expect(leaks).toEqual([]);
  });
});
