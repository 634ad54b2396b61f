import request from 'supertest';
import { TENANT_CAPS } from '../../src/domain/tenant/caps';
import {
  adminHeaders,
  awsCredential,
  bootstrap,
  credentialBody,
  expectErrorShape,
  issueKey,
  onboard,
  tenantEvents,
} from '../support/http-fixtures';
import { startTestService, type TestService } from '../support/service';

/** The per-tenant caps over HTTP: 409 with a distinct code, and nothing appended on refusal. */
const BILLING_ACCOUNT = '01A2B3-C4D5E6-F7A8B9';
const EXPORT_TABLE = 'gcp_billing_export_v1_01A2B3_C4D5E6_F7A8B9';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
  await bootstrap(service);
});
afterAll(async () => {
  await service?.stop();
});

async function expectRefusedWithoutWrite(
  tenantId: string,
  send: () => Promise<request.Response>,
  code: string,
): Promise<void> {
  const before = (await tenantEvents(service, tenantId)).length;
  const response = await send();
  expect(response.status).toBe(409);
  expectErrorShape(response.body, code);
  expect((await tenantEvents(service, tenantId)).length).toBe(before);
}

describe('caps per tenant', () => {
  it(`refuses the schedule beyond ${TENANT_CAPS.schedules} with 409 SCHEDULE_LIMIT_REACHED`, async () => {
    await onboard(service, 'caps_schedules', { billing_account_ids: [BILLING_ACCOUNT] });
    const create = (configId: string) =>
      request(service.app)
        .post('/api/v1/scheduler/tenant/caps_schedules/pipelines')
        .set(adminHeaders(service))
        .send({
          config_id: configId,
          provider: 'gcp',
          domain: 'cost',
          template: 'cost_billing',
          schedule_cron: '0 6 * * *',
          parameters: { billing_export_table: EXPORT_TABLE },
        });
    for (let i = 0; i < TENANT_CAPS.schedules; i += 1) expect((await create(`cap_${i}`)).status).toBe(201);
    await expectRefusedWithoutWrite('caps_schedules', () => create('one_too_many'), 'SCHEDULE_LIMIT_REACHED');
    expect(
      (
        await request(service.app)
          .delete('/api/v1/scheduler/tenant/caps_schedules/pipelines/cap_0')
          .set(adminHeaders(service))
      ).status,
    ).toBe(200);
    expect((await create('one_too_many')).status).toBe(201);
  });

  it(`refuses the active API key beyond ${TENANT_CAPS.activeApiKeys} with 409 API_KEY_LIMIT_REACHED`, async () => {
    const tenant = await onboard(service, 'caps_keys');
    // Onboarding issued the first key.
    for (let i = 1; i < TENANT_CAPS.activeApiKeys; i += 1)
      await issueKey(service, 'caps_keys', { name: `key ${i}`, scopes: ['pipelines:read'] });
    const issue = () =>
      request(service.app)
        .post('/api/v1/tenants/caps_keys/api-keys')
        .set(adminHeaders(service))
        .send({ name: 'extra', scopes: ['pipelines:read'] });
    await expectRefusedWithoutWrite('caps_keys', issue, 'API_KEY_LIMIT_REACHED');
    expect(
      (
        await request(service.app)
          .delete(`/api/v1/tenants/caps_keys/api-keys/${tenant.apiKeyId}`)
          .set(adminHeaders(service))
      ).status,
    ).toBe(200);
    expect((await issue()).status).toBe(201);
  });

  it(`refuses the credential beyond ${TENANT_CAPS.credentials} with 409 CREDENTIAL_LIMIT_REACHED`, async () => {
    await onboard(service, 'caps_creds');
    const store = (name: string) =>
      request(service.app)
        .post('/api/v1/tenants/caps_creds/credentials')
        .set(adminHeaders(service))
        .send(credentialBody(awsCredential(), name));
    for (let i = 0; i < TENANT_CAPS.credentials; i += 1) expect((await store(`aws ${i}`)).status).toBe(201);
    await expectRefusedWithoutWrite('caps_creds', () => store('one too many'), 'CREDENTIAL_LIMIT_REACHED');
  });
});
