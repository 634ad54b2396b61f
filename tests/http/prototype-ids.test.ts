import request from 'supertest';
import {
  adminHeaders,
  awsCredential,
  bootstrap,
  countAllEvents,
  credentialBody,
  onboard,
  type OnboardedTenant,
} from '../support/http-fixtures';
import { startTestService, type TestService } from '../support/service';

/** Names a plain object answers through Object.prototype: as ids they name nothing this service holds. */
const PROTOTYPE_IDS = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

let service: TestService;
let tenant: OnboardedTenant;
beforeAll(async () => {
  service = await startTestService();
  await bootstrap(service);
  tenant = await onboard(service, 'proto_ok');
});
afterAll(async () => {
  await service?.stop();
});

type Send = () => request.Test;
const scheduleBody = { provider: 'gcp', domain: 'cost', template: 'cost_billing', schedule_cron: '0 6 * * *' };

/** Every route that takes an id, with `id` in each id position (the other ids name things that exist). */
function requestsNaming(id: string): [string, Send][] {
  const app = service.app;
  const admin = adminHeaders(service);
  const t = tenant.tenantId;
  const e = encodeURIComponent(id);
  return [
    [`GET tenants/${id}`, () => request(app).get(`/api/v1/tenants/${e}`).set(admin)],
    [`DELETE tenants/${id}`, () => request(app).delete(`/api/v1/tenants/${e}`).set(admin).send({ reason: 'r' })],
    [
      `PUT tenants/${id}/plan`,
      () => request(app).put(`/api/v1/tenants/${e}/plan`).set(admin).send({ subscription_plan: 'SCALE' }),
    ],
    [
      `POST tenants/${id}/suspend`,
      () => request(app).post(`/api/v1/tenants/${e}/suspend`).set(admin).send({ reason: 'r' }),
    ],
    [`POST tenants/${id}/reactivate`, () => request(app).post(`/api/v1/tenants/${e}/reactivate`).set(admin)],
    [`GET tenants/${id}/api-keys`, () => request(app).get(`/api/v1/tenants/${e}/api-keys`).set(admin)],
    [
      `POST tenants/${id}/api-keys`,
      () =>
        request(app)
          .post(`/api/v1/tenants/${e}/api-keys`)
          .set(admin)
          .send({ name: 'k', scopes: ['pipelines:read'] }),
    ],
    [`DELETE api-keys/${id}`, () => request(app).delete(`/api/v1/tenants/${t}/api-keys/${e}`).set(admin)],
    [`GET tenants/${id}/credentials`, () => request(app).get(`/api/v1/tenants/${e}/credentials`).set(admin)],
    [
      `POST tenants/${id}/credentials`,
      () => request(app).post(`/api/v1/tenants/${e}/credentials`).set(admin).send(credentialBody(awsCredential())),
    ],
    [`DELETE credentials/${id}`, () => request(app).delete(`/api/v1/tenants/${t}/credentials/${e}`).set(admin)],
    [
      `GET scheduler/tenant/${id}/pipelines`,
      () => request(app).get(`/api/v1/scheduler/tenant/${e}/pipelines`).set(admin),
    ],
    [
      `POST scheduler/tenant/${id}/pipelines`,
      () => request(app).post(`/api/v1/scheduler/tenant/${e}/pipelines`).set(admin).send(scheduleBody),
    ],
    [`GET pipelines/${id}`, () => request(app).get(`/api/v1/scheduler/tenant/${t}/pipelines/${e}`).set(admin)],
    [
      `PUT pipelines/${id}`,
      () => request(app).put(`/api/v1/scheduler/tenant/${t}/pipelines/${e}`).set(admin).send(scheduleBody),
    ],
    [`DELETE pipelines/${id}`, () => request(app).delete(`/api/v1/scheduler/tenant/${t}/pipelines/${e}`).set(admin)],
    [
      `POST run/${id}/gcp/cost/cost_billing`,
      () => request(app).post(`/api/v1/pipelines/run/${e}/gcp/cost/cost_billing`).set(admin).send({}),
    ],
    [
      `POST run/${t}/${id}/cost/cost_billing`,
      () => request(app).post(`/api/v1/pipelines/run/${t}/${e}/cost/cost_billing`).set(admin).send({}),
    ],
    [
      `POST run/${t}/gcp/${id}/cost_billing`,
      () => request(app).post(`/api/v1/pipelines/run/${t}/gcp/${e}/cost_billing`).set(admin).send({}),
    ],
    [
      `POST run/${t}/gcp/cost/${id}`,
      () => request(app).post(`/api/v1/pipelines/run/${t}/gcp/cost/${e}`).set(admin).send({}),
    ],
    [`GET runs/${id}`, () => request(app).get(`/api/v1/pipelines/runs/${e}`).set(admin)],
    [`DELETE runs/${id}`, () => request(app).delete(`/api/v1/pipelines/runs/${e}`).set(admin).send({})],
    [
      `POST tasks/runs/execute run ${id}`,
      () =>
        request(app)
          .post('/tasks/runs/execute')
          .set('Authorization', `Bearer ${service.secrets.serviceToken}`)
          .send({ run_id: id, tenant_id: t }),
    ],
    [`GET admin/audit/tenants/${id}`, () => request(app).get(`/api/v1/admin/audit/tenants/${e}`).set(admin)],
    [`GET admin/replay/${id}`, () => request(app).get(`/api/v1/admin/replay/${e}`).set(admin)],
  ];
}

describe('ids named like Object.prototype members', () => {
  it.each(PROTOTYPE_IDS)(
    '%s names nothing on any route: a 4xx with a code, never a 2xx or a 5xx, nothing recorded',
    async (id) => {
      const before = await countAllEvents(service.ctx.db);
      const answers: string[] = [];
      for (const [label, send] of requestsNaming(id)) {
        const response = await send();
        const ok =
          response.status >= 400 &&
          response.status < 500 &&
          typeof response.body.error === 'string' &&
          typeof response.body.message === 'string';
        if (!ok) answers.push(`${label} → ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
      }
      expect(answers).toEqual([]);
      expect(await countAllEvents(service.ctx.db)).toBe(before);
    },
  );

  // Listings by tenant id answer what the log holds for that id (an empty page for an unknown tenant, as for
  // any unknown id): no 5xx, and nothing of another tenant.
  it.each(PROTOTYPE_IDS)('lists runs and audit events of tenant id %s as an empty page', async (id) => {
    const runs = await request(service.app)
      .get('/api/v1/pipelines/runs')
      .query({ tenant_id: id })
      .set(adminHeaders(service));
    const events = await request(service.app)
      .get(`/api/v1/tenants/${encodeURIComponent(id)}/audit/events`)
      .set(adminHeaders(service));
    for (const response of [runs, events]) {
      expect(response.status).toBeLessThan(500);
      if (response.status === 200) expect(response.body.runs ?? response.body.events).toEqual([]);
    }
  });
});
