import request from 'supertest';
import {
  adminHeaders,
  awsCredential,
  bootstrap,
  credentialBody,
  expectErrorShape,
  onboard,
  onboardBody,
  type OnboardedTenant,
} from '../support/http-fixtures';
import { startTestService, type TestService } from '../support/service';

let service: TestService;
let tenant: OnboardedTenant;
beforeAll(async () => {
  service = await startTestService();
  await bootstrap(service);
  tenant = await onboard(service, 'hostile_ok');
});
afterAll(async () => {
  await service?.stop();
});

/**
 * What the store holds: every document a request could have touched (events of every stream and the read models)
 * by path, with its update time, so an overwrite shows as well as a new document. A key's use (an ApiKeyUsed event
 * in its minute's `keyuse-…` stream, `lastUsedAt` on its index entry) is a fact of authentication, not of the
 * refused request: key-use streams are left out, and an index entry is compared by its content without it.
 */
async function storeContents(): Promise<Record<string, unknown>> {
  const db = service.ctx.db;
  const isKeyUse = (path: string) => path.startsWith('streams/keyuse-');
  const queries = [
    db.collectionGroup('events'),
    ...['tenants', 'keyring', 'schedule_index', 'streams'].map((name) => db.collection(name)),
  ];
  const contents: Record<string, unknown> = {};
  for (const query of queries)
    for (const doc of (await query.select().get()).docs)
      if (!isKeyUse(doc.ref.path)) contents[doc.ref.path] = `${doc.updateTime.seconds}.${doc.updateTime.nanoseconds}`;
  for (const doc of (await db.collection('api_keys').get()).docs) {
    const { lastUsedAt: _lastUsedAt, ...entry } = doc.data();
    contents[doc.ref.path] = entry;
  }
  return contents;
}

/** Runs `send`, then checks the refusal's status, code and shape, and that nothing was written. */
async function expectRefusedWithoutWrites(
  send: () => request.Test,
  status: number,
  code: string,
): Promise<request.Response> {
  const before = await storeContents();
  const response = await send();
  expect({ status: response.status, error: response.body.error }).toEqual({ status, error: code });
  expectErrorShape(response.body, code);
  expect(await storeContents()).toEqual(before);
  return response;
}

const HOSTILE_TENANT_IDS: readonly [string, string][] = [
  ['a parent-directory escape', '../etc'],
  ['a percent-encoded escape taken literally', '%2e%2e%2f'],
  ['a single quote', "o'brien_corp"],
  ['a double quote', 'acme"corp'],
  ['a space', 'acme corp'],
  ['51 characters', 'a'.repeat(51)],
  ['an accented letter', 'ténant_one'],
  ['CJK characters', '租户_tenant'],
  ['upper case', 'ACME_CORP'],
  ['two characters', 'ab'],
  ['a NUL byte', 'acme\u0000corp'],
  ['a backtick (SQL identifier quote)', 'acme`corp'],
];

describe('hostile tenant ids', () => {
  it.each(HOSTILE_TENANT_IDS)('refuses %s in every path with 400 INVALID_TENANT_ID', async (_case, tenantId) => {
    const id = encodeURIComponent(tenantId);
    const sends: (() => request.Test)[] = [
      () => request(service.app).get(`/api/v1/tenants/${id}`).set(adminHeaders(service)),
      () => request(service.app).delete(`/api/v1/tenants/${id}`).set(adminHeaders(service)),
      () =>
        request(service.app)
          .put(`/api/v1/tenants/${id}/plan`)
          .set(adminHeaders(service))
          .send({ subscription_plan: 'SCALE' }),
      () => request(service.app).post(`/api/v1/tenants/${id}/suspend`).set(adminHeaders(service)),
      () =>
        request(service.app)
          .post(`/api/v1/tenants/${id}/api-keys`)
          .set(adminHeaders(service))
          .send({ name: 'k', scopes: ['pipelines:read'] }),
      () =>
        request(service.app)
          .post(`/api/v1/tenants/${id}/credentials`)
          .set(adminHeaders(service))
          .send(credentialBody(awsCredential())),
      () =>
        request(service.app)
          .post(`/api/v1/scheduler/tenant/${id}/pipelines`)
          .set(adminHeaders(service))
          .send({ provider: 'gcp', domain: 'cost', template: 'cost_billing', schedule_cron: '0 6 * * *' }),
    ];
    for (const send of sends) await expectRefusedWithoutWrites(send, 400, 'INVALID_TENANT_ID');
  });

  it.each(HOSTILE_TENANT_IDS)(
    'refuses %s in the onboarding body with 400 INVALID_TENANT_ID',
    async (_case, tenantId) => {
      await expectRefusedWithoutWrites(
        () =>
          request(service.app).post('/api/v1/tenants/onboard').set(adminHeaders(service)).send(onboardBody(tenantId)),
        400,
        'INVALID_TENANT_ID',
      );
    },
  );

  // Well-formed, but the names of the central dataset, replays' shadow datasets and the system stream's tenant.
  it.each(['tenants', 'tenants__replay_r1', 'system', '_system', '_hidden'])(
    'refuses the reserved tenant id %s in the onboarding body',
    async (tenantId) => {
      await expectRefusedWithoutWrites(
        () =>
          request(service.app).post('/api/v1/tenants/onboard').set(adminHeaders(service)).send(onboardBody(tenantId)),
        400,
        'INVALID_TENANT_ID',
      );
    },
  );

  it.each([
    ['a number', 42],
    ['null', null],
    ['an array', ['acme_corp']],
    ['an object', { $ne: '' }],
  ])('refuses a tenant id that is %s in the onboarding body', async (_case, tenantId) => {
    await expectRefusedWithoutWrites(
      () =>
        request(service.app)
          .post('/api/v1/tenants/onboard')
          .set(adminHeaders(service))
          .send(onboardBody('x', { tenant_id: tenantId })),
      400,
      'INVALID_TENANT_ID',
    );
  });

  it.each([
    '/api/v1/tenants/%2e%2e%2fsystem',
    '/api/v1/tenants/..%2f..%2fkeyring',
    '/api/v1/tenants/hostile_ok%2f..%2f..%2fsystem',
    '/api/v1/tenants/acme%20corp',
  ])('refuses the raw path %s', async (path) => {
    await expectRefusedWithoutWrites(
      () => request(service.app).get(path).set(adminHeaders(service)),
      400,
      'INVALID_TENANT_ID',
    );
  });

  it.each([
    ['a key id', '/api/v1/tenants/hostile_ok/api-keys/..%2f..%2fapi_keys'],
    ['a credential id', '/api/v1/tenants/hostile_ok/credentials/cred%20x'],
    ['a config id', '/api/v1/scheduler/tenant/hostile_ok/pipelines/%27%3B--'],
  ])('refuses a hostile %s with 400 INVALID_PARAMETER', async (_case, path) => {
    await expectRefusedWithoutWrites(
      () => request(service.app).delete(path).set(adminHeaders(service)),
      400,
      'INVALID_PARAMETER',
    );
  });
});

describe('hostile bodies', () => {
  it.each([
    ['onboarding', () => request(service.app).post('/api/v1/tenants/onboard').set(adminHeaders(service))],
    [
      'issuing a key',
      () => request(service.app).post('/api/v1/tenants/hostile_ok/api-keys').set('X-API-Key', tenant.apiKey),
    ],
    [
      'storing a credential',
      () => request(service.app).post('/api/v1/tenants/hostile_ok/credentials').set('X-API-Key', tenant.apiKey),
    ],
    [
      'creating a schedule',
      () => request(service.app).post('/api/v1/scheduler/tenant/hostile_ok/pipelines').set('X-API-Key', tenant.apiKey),
    ],
  ])('answers 400 INVALID_JSON to malformed JSON when %s', async (_case, start) => {
    for (const text of ['{"tenant_id": ', "{'single': 'quotes'}", '"a bare string"', '{"a":1}}']) {
      await expectRefusedWithoutWrites(
        () => start().set('Content-Type', 'application/json').send(text),
        400,
        'INVALID_JSON',
      );
    }
  });

  it('answers 400 INVALID_PAYLOAD listing every wrongly typed onboarding field by path', async () => {
    const body = {
      tenant_id: 'typed_wrong',
      company_name: 42,
      contact_email: 'not-an-email',
      subscription_plan: 'GOLD',
      billing_account_ids: 'ABC',
      timezone: ['UTC'],
    };
    const response = await expectRefusedWithoutWrites(
      () => request(service.app).post('/api/v1/tenants/onboard').set(adminHeaders(service)).send(body),
      400,
      'INVALID_PAYLOAD',
    );
    const paths = (response.body.details.problems as string[]).map((p) => p.split(':')[0]).sort();
    expect(paths).toEqual([
      'body.billing_account_ids',
      'body.company_name',
      'body.contact_email',
      'body.subscription_plan',
      'body.timezone',
    ]);
    expect((await request(service.app).get('/api/v1/tenants/typed_wrong').set(adminHeaders(service))).status).toBe(404);
  });

  it('answers 400 INVALID_PAYLOAD naming nested paths of a schedule', async () => {
    const body = {
      provider: 'gcp',
      domain: 7,
      template: 'cost_billing',
      schedule_cron: ['0 6 * * *'],
      priority: 'high',
      is_active: 'yes',
    };
    const response = await expectRefusedWithoutWrites(
      () =>
        request(service.app)
          .post('/api/v1/scheduler/tenant/hostile_ok/pipelines')
          .set('X-API-Key', tenant.apiKey)
          .send(body),
      400,
      'INVALID_PAYLOAD',
    );
    const paths = (response.body.details.problems as string[]).map((p) => p.split(':')[0]).sort();
    expect(paths).toEqual(['body.domain', 'body.is_active', 'body.priority', 'body.schedule_cron']);
  });

  // Parameter names are looked up in the pipeline's declarations: names that Object.prototype carries must not
  // be mistaken for declarations (a 500 today) nor pollute anything.
  it.each(['__proto__', 'constructor', 'toString'])(
    'answers 400 INVALID_SCHEDULE to a parameter named %s, polluting nothing',
    async (name) => {
      const text = `{"provider":"gcp","domain":"cost","template":"cost_billing","schedule_cron":"0 6 * * *","parameters":{${JSON.stringify(name)}:{"polluted":true}}}`;
      const send = () =>
        request(service.app)
          .post('/api/v1/scheduler/tenant/hostile_ok/pipelines')
          .set('X-API-Key', tenant.apiKey)
          .set('Content-Type', 'application/json')
          .send(text);
      const response = await expectRefusedWithoutWrites(send, 400, 'INVALID_SCHEDULE');
      expect(response.body.details.problems.join('\n')).toContain(`parameters.${name}: not a parameter`);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('answers 413 PAYLOAD_TOO_LARGE to a body over 256 KiB, before any authentication or write', async () => {
    const big = onboardBody('too_big', { company_name: 'x'.repeat(300 * 1024) });
    // No key at all, and a wrong one: the size is refused before authentication is even tried.
    await expectRefusedWithoutWrites(
      () => request(service.app).post('/api/v1/tenants/onboard').send(big),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    const bigCredential = credentialBody(awsCredential({ padding: 'y'.repeat(300 * 1024) }));
    await expectRefusedWithoutWrites(
      () =>
        request(service.app)
          .post('/api/v1/tenants/hostile_ok/credentials')
          .set('X-API-Key', `${tenant.apiKey}x`)
          .send(bigCredential),
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('honours a smaller configured body limit', async () => {
    const small = await startTestService({ bodyLimitBytes: 1024 });
    try {
      const response = await request(small.app)
        .post('/api/v1/tenants/onboard')
        .set('X-Admin-Key', small.secrets.adminKey)
        .send(onboardBody('small_limit', { company_name: 'z'.repeat(2048) }));
      expect(response.status).toBe(413);
      expectErrorShape(response.body, 'PAYLOAD_TOO_LARGE');
      const fits = await request(small.app)
        .post('/api/v1/tenants/dryrun')
        .set('X-Admin-Key', small.secrets.adminKey)
        .send({ tenant_id: 'small_limit' });
      expect(fits.status).toBe(200);
    } finally {
      await small.stop();
    }
  });

  it('does not echo an unsafe X-Request-ID, and echoes a UUID one', async () => {
    const unsafe = await request(service.app)
      .get('/api/v1/tenants/ACME')
      .set('X-Request-ID', '"><script>alert(1)</script>');
    expect(unsafe.body.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(unsafe.headers['x-request-id']).toBe(unsafe.body.request_id);
    const notUuid = await request(service.app).get('/api/v1/tenants/ACME').set('X-Request-ID', 'trace-1234.abcd');
    expect(notUuid.body.request_id).toMatch(/^[0-9a-f-]{36}$/);
    const safe = await request(service.app)
      .get('/api/v1/tenants/ACME')
      .set('X-Request-ID', '0f8fa6d2-4c1e-4b43-9a52-6f1ab0c7d9e1');
    expect(safe.body.request_id).toBe('0f8fa6d2-4c1e-4b43-9a52-6f1ab0c7d9e1');
  });
});
