import request from 'supertest';
import pino from 'pino';
import { createApp } from '../../src/http/app';
import { adminHeaders, bootstrap, onboard } from '../support/http-fixtures';
import { startTestService, type TestService } from '../support/service';

let service: TestService;
let victimRunId: string;
let attackerKey: string;
beforeAll(async () => {
  service = await startTestService();
  await bootstrap(service);
  await onboard(service, 'victim_tenant');
  attackerKey = (await onboard(service, 'attacker_tenant')).apiKey;
  const started = await request(service.app)
    .post('/api/v1/pipelines/run/victim_tenant/demo/health/warehouse_check')
    .set(adminHeaders(service))
    .send({});
  expect(started.status).toBe(202);
  victimRunId = started.body.run_id as string;
});
afterAll(async () => {
  await service?.stop();
});

/** The answer without what differs between any two requests. */
const comparable = (response: request.Response) => {
  const { request_id: _requestId, ...body } = response.body as Record<string, unknown>;
  const message = String(body.message).replace(/Run \S+ not found/, 'Run <id> not found');
  return { status: response.status, body: { ...body, message } };
};

describe("another tenant's run id answers exactly like a missing one", () => {
  const missingRunId = 'victim_tenant--manual--no_such_run_token';

  it.each(['get', 'delete'] as const)('on %s', async (method) => {
    const path = (runId: string) => `/api/v1/pipelines/runs/${runId}`;
    const asAttacker = { 'X-API-Key': attackerKey };
    const existing = await request(service.app)[method](path(victimRunId)).set(asAttacker).send({});
    const missing = await request(service.app)[method](path(missingRunId)).set(asAttacker).send({});
    expect(comparable(existing)).toEqual(comparable(missing));
    expect(existing.status).toBe(404);
    expect(existing.body.code ?? existing.body.error).toBe('RUN_NOT_FOUND');
  });

  it('leaves the run untouched and visible to its own tenant through the admin key', async () => {
    const run = await request(service.app).get(`/api/v1/pipelines/runs/${victimRunId}`).set(adminHeaders(service));
    expect(run.status).toBe(200);
    expect(run.body.status).not.toBe('cancelled');
  });
});

describe('/health/ready shows details to operators only', () => {
  const degraded = { projections: async () => ({ degraded: true, dead_letters: 1, error: 'boom at partition 3' }) };
  const app = () =>
    createApp({
      logger: pino({ level: 'silent' }),
      version: 't',
      readiness: degraded,
      api: { ctx: service.ctx, auth: service.auth },
    });

  it('gives anyone the status and check names only', async () => {
    const response = await request(app()).get('/health/ready');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'degraded', checks: { projections: 'degraded' } });
  });

  it('gives the admin key the details', async () => {
    const response = await request(app()).get('/health/ready').set(adminHeaders(service));
    expect(response.body.details).toEqual({ projections: expect.objectContaining({ error: 'boom at partition 3' }) });
  });

  it('gives a tenant key or a wrong admin key no details', async () => {
    for (const headers of [{ 'X-API-Key': attackerKey }, { 'X-Admin-Key': 'x'.repeat(40) }]) {
      const response = await request(app()).get('/health/ready').set(headers);
      expect(response.body).not.toHaveProperty('details');
    }
  });
});
