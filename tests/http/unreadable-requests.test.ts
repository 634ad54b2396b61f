import request from 'supertest';
import { adminHeaders, bootstrap, expectErrorShape } from '../support/http-fixtures';
import { startTestService, type TestService } from '../support/service';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
  await bootstrap(service);
});
afterAll(async () => {
  await service?.stop();
});

describe('requests the HTTP layer cannot read are coded 4xx', () => {
  it.each(['%zz', '%C0%AF', 'a%00b'])(
    'answers 400 for the path parameter %s, before authentication',
    async (segment) => {
      const response = await request(service.app)
        .get(`/api/v1/tenants/${segment}`)
        .then((r) => r);
      expect(response.status).toBe(400);
      expectErrorShape(response.body, segment === 'a%00b' ? 'INVALID_TENANT_ID' : 'INVALID_PATH');
    },
  );

  it.each(['gzip', 'deflate', 'br'])(
    'answers 400 INVALID_BODY_ENCODING for Content-Encoding %s on a plain body',
    async (encoding) => {
      const response = await request(service.app)
        .post('/api/v1/tenants/onboard')
        .set(adminHeaders(service))
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', encoding)
        .send('{"tenant_id":"x"}')
        .then((r) => r);
      expect(response.status).toBe(400);
      expectErrorShape(response.body, 'INVALID_BODY_ENCODING');
    },
  );

  it('answers 415 for an unsupported Content-Encoding', async () => {
    const response = await request(service.app)
      .post('/api/v1/tenants/onboard')
      .set(adminHeaders(service))
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'compress')
      .send('{}')
      .then((r) => r);
    expect(response.status).toBe(415);
    expectErrorShape(response.body, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it.each([65, 5_000])('answers 400 BODY_TOO_DEEP for JSON nested %i levels', async (depth) => {
    const response = await request(service.app)
      .post('/api/v1/tenants/onboard')
      .set(adminHeaders(service))
      .set('Content-Type', 'application/json')
      .send(`${'['.repeat(depth)}${']'.repeat(depth)}`)
      .then((r) => r);
    expect(response.status).toBe(400);
    expectErrorShape(response.body, 'BODY_TOO_DEEP');
  });

  it('still decodes a body nested 64 levels (the limit itself)', async () => {
    const response = await request(service.app)
      .post('/api/v1/tenants/onboard')
      .set(adminHeaders(service))
      .set('Content-Type', 'application/json')
      .send(`${'['.repeat(64)}${']'.repeat(64)}`)
      .then((r) => r);
    expect(response.status).toBe(400);
    expect(response.body.error).not.toBe('BODY_TOO_DEEP');
  });

  it.each(['+275760-09-13', '0000-01-01'])('answers 400 to reset-daily-quotas at %s', async (time) => {
    const response = await request(service.app)
      .post('/api/v1/scheduler/reset-daily-quotas')
      .set('Authorization', `Bearer ${service.secrets.serviceToken}`)
      .set('X-CloudScheduler-ScheduleTime', time)
      .send({})
      .then((r) => r);
    expect(response.status).toBe(400);
    expectErrorShape(response.body, 'INVALID_SCHEDULE_TIME');
  });

  it.each(['+275760-09-13T00:00:00Z', '0000-01-01T00:00:00Z'])('answers 400 to an audit as_of of %s', async (asOf) => {
    const response = await request(service.app)
      .get('/api/v1/admin/audit/tenants/nobody_here')
      .query({ as_of: asOf })
      .set(adminHeaders(service))
      .then((r) => r);
    expect(response.status).toBe(400);
    expectErrorShape(response.body, 'INVALID_PARAMETER');
  });
});
