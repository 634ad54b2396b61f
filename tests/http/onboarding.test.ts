import request from 'supertest';
import { tenantStreamId } from '../../src/domain/streams';
import { startTestService, type TestService } from '../support/service';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service?.stop();
});

const admin = () => ({ 'X-Admin-Key': service.secrets.adminKey });
const onboardBody = (tenantId: string) => ({
  tenant_id: tenantId,
  company_name: `Company ${tenantId}`,
  contact_email: `ops@${tenantId.replace(/_/g, '-')}.example.com`,
  subscription_plan: 'PROFESSIONAL',
});

describe('bootstrap and onboarding over HTTP', () => {
  it('refuses onboarding before bootstrap, then bootstraps once and says what already existed the second time', async () => {
    const early = await request(service.app)
      .post('/api/v1/tenants/onboard')
      .set(admin())
      .send(onboardBody('early_tenant'));
    expect(early.status).toBe(409);
    expect(early.body.error).toBe('SYSTEM_NOT_BOOTSTRAPPED');
    expect((await service.ctx.store.readStream(tenantStreamId('early_tenant'))).events).toHaveLength(0);

    const first = await request(service.app).post('/api/v1/admin/bootstrap').set(admin());
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ first_bootstrap: true, dataset_created: true, tables_existing: [] });
    expect(first.body.tables_created).toHaveLength(12);
    const again = await request(service.app).post('/api/v1/admin/bootstrap').set(admin()).send({});
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ first_bootstrap: false, tables_created: [], tables_recreated: [] });
    expect(again.body.tables_existing).toHaveLength(12);
    const system = await service.ctx.store.readStream('system');
    expect(system.events.map((e) => e.type)).toEqual(['SystemBootstrapped', 'SystemBootstrapRepeated']);
  });

  it('onboards: one append of profile, subscription and key; the dataset and view provisioned; the key shown once', async () => {
    const response = await request(service.app)
      .post('/api/v1/tenants/onboard')
      .set(admin())
      .send(onboardBody('acme_corp'));
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      tenant_id: 'acme_corp',
      status: 'ACTIVE',
      subscription_plan: 'PROFESSIONAL',
      limits: { daily_runs: 25, monthly_runs: 750, concurrent_runs: 3 },
    });
    expect(response.body.api_key).toMatch(/^cvg_/);
    const events = (await service.ctx.store.readStream(tenantStreamId('acme_corp'))).events;
    expect(events.map((e) => [e.type, e.revision])).toEqual([
      ['TenantOnboarded', 1],
      ['ApiKeyIssued', 2],
      ['TenantProvisioned', 3],
    ]);
    expect(JSON.stringify(events)).not.toContain(response.body.api_key);
    expect(await service.ctx.warehouse.tableExists({ dataset: 'acme_corp', table: 'tenant_comprehensive_view' })).toBe(
      true,
    );

    const read = await request(service.app).get('/api/v1/tenants/acme_corp').set('X-API-Key', response.body.api_key);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      tenant_id: 'acme_corp',
      status: 'ACTIVE',
      usage: { runs_today: 0, daily_remaining: 25 },
    });
    expect(JSON.stringify(read.body)).not.toContain(response.body.api_key);

    const again = await request(service.app)
      .post('/api/v1/tenants/onboard')
      .set(admin())
      .send(onboardBody('acme_corp'));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'TENANT_EXISTS', request_id: expect.any(String) });
  });

  it('a tenant key reaches only its own tenant', async () => {
    const other = await request(service.app)
      .post('/api/v1/tenants/onboard')
      .set(admin())
      .send(onboardBody('globex_inc'));
    expect(other.status).toBe(201);
    const crossed = await request(service.app).get('/api/v1/tenants/acme_corp').set('X-API-Key', other.body.api_key);
    expect(crossed.status).toBe(403);
    expect(crossed.body.error).toBe('FORBIDDEN');
  });
});
