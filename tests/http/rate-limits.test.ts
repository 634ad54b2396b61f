import request from 'supertest';
import { generateApiKey } from '../../src/security';
import {
  adminHeaders,
  bootstrap,
  expectErrorShape,
  issueKey,
  onboard,
  onboardBody,
  type IssuedKey,
  type OnboardedTenant,
} from '../support/http-fixtures';
import { startTestService, type TestService } from '../support/service';

/**
 * Request limits on the service clock (moved by the test, never waited for): small limits so a test reaches
 * them in a few requests. Each test starts at its own instant, an hour after the previous one, so every bucket
 * it meets is full.
 */
const LIMITS = {
  tenantPerMinute: 5,
  keyPerMinute: 3,
  runStartsPerMinute: 2,
  tenantCreationsPerMinute: 2,
  failedAuthPerMinute: 3,
};
const START = Date.parse('2031-01-01T00:00:00.000Z');
const HOUR = 3_600_000;

let service: TestService;
let alpha: OnboardedTenant;
let beta: OnboardedTenant;
let alphaSecond: IssuedKey;
let hour = 0;
beforeAll(async () => {
  service = await startTestService({ rateLimits: LIMITS, trustProxyHops: 1 });
  service.setNow(new Date(START));
  await bootstrap(service);
  alpha = await onboard(service, 'limit_alpha');
  service.setNow(new Date(START + 1));
  beta = await onboard(service, 'limit_beta');
  alphaSecond = await issueKey(service, 'limit_alpha', {
    name: 'second',
    scopes: ['pipelines:read', 'pipelines:execute'],
  });
});
beforeEach(() => {
  hour += 1;
  service.setNow(new Date(START + hour * HOUR));
});
afterAll(async () => {
  await service?.stop();
});

const readTenant = (tenantId: string, key: string, from = '192.0.2.10') =>
  request(service.app).get(`/api/v1/tenants/${tenantId}`).set({ 'X-API-Key': key, 'X-Forwarded-For': from });
const moveClock = (ms: number) => service.setNow(new Date(START + hour * HOUR + ms));

function expectRateLimited(response: request.Response, limit: string, retryAfterSeconds: number): void {
  expect(response.status).toBe(429);
  expectErrorShape(response.body, 'RATE_LIMITED');
  expect(response.body.details).toEqual({ limit, retry_after_seconds: retryAfterSeconds });
  expect(response.headers['retry-after']).toBe(String(retryAfterSeconds));
}

describe('requests per key and per tenant', () => {
  it('answers 429 to a key past its own limit while another key of the same tenant still gets through', async () => {
    for (let i = 0; i < LIMITS.keyPerMinute; i += 1)
      expect((await readTenant('limit_alpha', alpha.apiKey)).status).toBe(200);
    // 3 a minute: the next token is 20 s away.
    expectRateLimited(await readTenant('limit_alpha', alpha.apiKey), 'api_key', 20);
    expect((await readTenant('limit_alpha', alphaSecond.apiKey)).status).toBe(200);
    moveClock(20_000);
    expect((await readTenant('limit_alpha', alpha.apiKey)).status).toBe(200);
  });

  it("answers 429 once the tenant's limit is spent across its keys, and leaves other tenants alone", async () => {
    for (let i = 0; i < 3; i += 1) expect((await readTenant('limit_alpha', alpha.apiKey)).status).toBe(200);
    for (let i = 0; i < 2; i += 1) expect((await readTenant('limit_alpha', alphaSecond.apiKey)).status).toBe(200);
    // The second key has a token left; the tenant (5 a minute) has none, 12 s until the next.
    expectRateLimited(await readTenant('limit_alpha', alphaSecond.apiKey), 'tenant', 12);
    expect((await readTenant('limit_beta', beta.apiKey)).status).toBe(200);
    moveClock(12_000);
    expect((await readTenant('limit_alpha', alphaSecond.apiKey)).status).toBe(200);
  });

  it('does not limit the admin key by tenant', async () => {
    for (let i = 0; i < LIMITS.tenantPerMinute + 2; i += 1) {
      expect((await request(service.app).get('/api/v1/tenants/limit_alpha').set(adminHeaders(service))).status).toBe(
        200,
      );
    }
  });

  it('answers 429 to run starts past the per-tenant limit, whichever key asks', async () => {
    const start = (key: string) =>
      request(service.app).post('/api/v1/pipelines/run/limit_alpha/demo/health/warehouse_check').set('X-API-Key', key);
    for (let i = 0; i < LIMITS.runStartsPerMinute; i += 1)
      expect((await start(alphaSecond.apiKey)).status).not.toBe(429);
    expectRateLimited(await start(alphaSecond.apiKey), 'run_starts', 30);
    expectRateLimited(
      await request(service.app)
        .post('/api/v1/pipelines/run/limit_alpha/demo/health/warehouse_check')
        .set(adminHeaders(service)),
      'run_starts',
      30,
    );
  });
});

describe('tenant creation', () => {
  it('answers 429 past the limit and creates nothing', async () => {
    for (const id of ['limit_c1', 'limit_c2']) await onboard(service, id);
    const refused = await request(service.app)
      .post('/api/v1/tenants/onboard')
      .set(adminHeaders(service))
      .send(onboardBody('limit_c3'));
    expectRateLimited(refused, 'tenant_creations', 30);
    expect((await request(service.app).get('/api/v1/tenants/limit_c3').set(adminHeaders(service))).status).toBe(404);
  });
});

describe('failed authentications per address', () => {
  const FLOODER = '203.0.113.7';

  it('answers 429 without a lookup once an address has spent its failed attempts; other addresses are unaffected', async () => {
    for (let i = 0; i < LIMITS.failedAuthPerMinute; i += 1) {
      expect((await readTenant('limit_alpha', generateApiKey().secret, FLOODER)).status).toBe(401);
    }
    const lookups = service.apiKeyLookups();
    expectRateLimited(await readTenant('limit_alpha', generateApiKey().secret, FLOODER), 'failed_authentications', 20);
    // Even a valid key waits: the address is refused before its key is looked at.
    expectRateLimited(await readTenant('limit_alpha', alpha.apiKey, FLOODER), 'failed_authentications', 20);
    expect(service.apiKeyLookups()).toBe(lookups);

    const admin = await request(service.app)
      .get('/api/v1/tenants/limit_alpha')
      .set({ ...adminHeaders(service), 'X-Forwarded-For': '198.51.100.9' });
    expect(admin.status).toBe(200);
    expect((await readTenant('limit_alpha', alpha.apiKey, '198.51.100.9')).status).toBe(200);
    moveClock(20_000);
    expect((await readTenant('limit_alpha', alpha.apiKey, FLOODER)).status).toBe(200);
  });

  it('counts wrong admin keys too, on admin routes', async () => {
    const wrongAdmin = { 'X-Admin-Key': `${service.secrets.adminKey}x`, 'X-Forwarded-For': FLOODER };
    for (let i = 0; i < LIMITS.failedAuthPerMinute; i += 1) {
      expect((await request(service.app).post('/api/v1/admin/bootstrap').set(wrongAdmin)).status).toBe(401);
    }
    expectRateLimited(
      await request(service.app).post('/api/v1/admin/bootstrap').set(wrongAdmin),
      'failed_authentications',
      20,
    );
    const other = await request(service.app)
      .get('/api/v1/tenants/limit_alpha')
      .set({ ...adminHeaders(service), 'X-Forwarded-For': '198.51.100.10' });
    expect(other.status).toBe(200);
  });

  it('does not count successful or keyless requests', async () => {
    for (let i = 0; i < LIMITS.failedAuthPerMinute + 1; i += 1) {
      expect(
        (await request(service.app).get('/api/v1/tenants/limit_beta').set('X-Forwarded-For', FLOODER)).status,
      ).toBe(401);
    }
    expect((await readTenant('limit_beta', beta.apiKey, FLOODER)).status).toBe(200);
  });
});
