import request from 'supertest';
import { generateApiKey } from '../../src/security';
import { TENANT_VIEW } from '../../src/pipelines/steps/setup/onboarding';
import { CENTRAL_DATASET, centralTables, tenantTables } from '../../src/warehouse/tables';
import {
  adminHeaders,
  awsCredential,
  azureCredential,
  bootstrap,
  credentialBody,
  dumpFirestore,
  gcpCredential,
  issueKey,
  onboard,
  secretsFoundIn,
  type CredentialFixture,
} from '../support/http-fixtures';
import { startTestService, type TestService } from '../support/service';
import { deliver } from '../runs/support';

/**
 * A realistic session (bootstrap, two tenants, keys, one credential per provider, a schedule, and requests that
 * fail while carrying keys and secrets), then every place the service writes to is searched for every secret.
 */
let service: TestService;
const secrets: Record<string, string> = {};
/** Non-secret markers each corpus must contain, so an empty or unread corpus cannot pass the scan. */
const markers = {
  keyIds: [] as string[],
  credentialIds: [] as string[],
  failedRequestIds: [] as string[],
  runIds: [] as string[],
};
const refusalBodies: string[] = [];

const addKey = (label: string, apiKey: string) => {
  secrets[label] = apiKey;
  secrets[`${label} (secret part)`] = apiKey.slice(-43);
};

async function refused(test: request.Test, status: number): Promise<void> {
  const response = await test;
  expect(response.status).toBe(status);
  refusalBodies.push(JSON.stringify(response.body));
  markers.failedRequestIds.push(String(response.headers['x-request-id']));
}

beforeAll(async () => {
  service = await startTestService();
  Object.assign(secrets, {
    'admin key': service.secrets.adminKey,
    pepper: service.secrets.apiKeyPepper,
    kek: service.secrets.kek,
    'service token': service.secrets.serviceToken,
  });
  const app = service.app;
  const admin = adminHeaders(service);
  await bootstrap(service);
  const alpha = await onboard(service, 'scan_alpha', {
    billing_account_ids: ['01A2B3-C4D5E6-F7A8B9'],
    subscription_plan: 'PROFESSIONAL',
  });
  const beta = await onboard(service, 'scan_beta');
  addKey('alpha first key', alpha.apiKey);
  addKey('beta first key', beta.apiKey);
  markers.keyIds.push(alpha.apiKeyId, beta.apiKeyId);

  const reader = await issueKey(
    service,
    'scan_alpha',
    { name: 'dashboard', scopes: ['pipelines:read'] },
    { 'X-API-Key': alpha.apiKey },
  );
  const expiring = await issueKey(service, 'scan_beta', {
    name: 'ci',
    scopes: ['pipelines:execute'],
    expires_at: '2099-01-01T00:00:00Z',
  });
  const revoked = await issueKey(service, 'scan_alpha', { name: 'leaked', scopes: ['pipelines:write'] });
  addKey('alpha reader key', reader.apiKey);
  addKey('beta expiring key', expiring.apiKey);
  addKey('alpha revoked key', revoked.apiKey);
  markers.keyIds.push(reader.keyId, expiring.keyId, revoked.keyId);
  expect((await request(app).delete(`/api/v1/tenants/scan_alpha/api-keys/${revoked.keyId}`).set(admin)).status).toBe(
    200,
  );

  const fixtures: CredentialFixture[] = [gcpCredential(), awsCredential(), azureCredential()];
  for (const fixture of fixtures) {
    Object.assign(secrets, fixture.secrets);
    const stored = await request(app)
      .post('/api/v1/tenants/scan_alpha/credentials')
      .set('X-API-Key', alpha.apiKey)
      .send(credentialBody(fixture));
    expect(stored.status).toBe(201);
    markers.credentialIds.push(stored.body.credential_id);
  }
  const schedule = {
    provider: 'gcp',
    domain: 'cost',
    template: 'cost_billing',
    schedule_cron: '0 6 * * *',
    timezone: 'Europe/Berlin',
    parameters: { billing_export_table: 'gcp_billing_export_v1_01A2B3_C4D5E6_F7A8B9' },
  };
  // The operator names the export table (a tenant key may not); the tenant then changes its own settings.
  expect(
    (await request(app).post('/api/v1/scheduler/tenant/scan_alpha/pipelines').set(admin).send(schedule)).status,
  ).toBe(201);
  const { parameters: _operatorSet, ...tenantSettings } = schedule;
  const tenantUpdate = { ...tenantSettings, schedule_cron: '30 6 * * *' };
  const schedulePath = '/api/v1/scheduler/tenant/scan_alpha/pipelines/gcp_cost_cost_billing';
  expect((await request(app).put(schedulePath).set('X-API-Key', alpha.apiKey).send(tenantUpdate)).status).toBe(200);
  expect((await request(app).get('/api/v1/tenants/scan_alpha').set('X-API-Key', reader.apiKey)).status).toBe(200);

  // Requests that fail while carrying secrets in headers, query strings and bodies.
  const forged = generateApiKey().secret;
  const wrongAdmin = `${service.secrets.adminKey.slice(0, -2)}zz`;
  addKey('forged key', forged);
  secrets['wrong admin key'] = wrongAdmin;
  const aws = awsCredential();
  const azure = azureCredential();
  const gcpBad = gcpCredential();
  Object.assign(
    secrets,
    Object.fromEntries(
      Object.entries({ ...aws.secrets, ...azure.secrets, ...gcpBad.secrets }).map(([k, v]) => [`refused ${k}`, v]),
    ),
  );

  await refused(request(app).get('/api/v1/tenants/scan_alpha').set('X-API-Key', revoked.apiKey), 401);
  await refused(request(app).get('/api/v1/tenants/scan_alpha').set('X-API-Key', forged), 401);
  await refused(request(app).get('/api/v1/tenants/scan_alpha').set('X-API-Key', beta.apiKey), 403);
  await refused(request(app).post('/api/v1/admin/bootstrap').set('X-Admin-Key', wrongAdmin), 401);
  await refused(
    request(app).get(`/api/v1/tenants/scan_alpha?api_key=${alpha.apiKey}&admin_key=${service.secrets.adminKey}`),
    401,
  );
  await refused(request(app).get(`/api/v1/nowhere?api_key=${alpha.apiKey}`).set('X-API-Key', alpha.apiKey), 404);
  await refused(request(app).get('/api/v1/tenants/scan_alpha').set('Authorization', `Bearer ${beta.apiKey}`), 401);
  await refused(
    request(app)
      .post('/api/v1/tenants/scan_alpha/credentials')
      .set('X-API-Key', reader.apiKey)
      .send(credentialBody(aws)),
    403,
  );
  await refused(
    request(app)
      .post('/api/v1/tenants/scan_beta/credentials')
      .set('X-API-Key', alpha.apiKey)
      .send(credentialBody(azure)),
    403,
  );
  await refused(
    request(app)
      .post('/api/v1/tenants/scan_alpha/credentials')
      .set('X-API-Key', alpha.apiKey)
      .send(credentialBody(azureCredential({ client_secret: `${azure.credential.client_secret} x` }))),
    400,
  );
  await refused(
    request(app)
      .post('/api/v1/tenants/scan_alpha/credentials')
      .set('X-API-Key', alpha.apiKey)
      .send(credentialBody({ ...gcpBad, credential: { ...gcpBad.credential, client_id: 'nope' } })),
    400,
  );
  await refused(
    request(app)
      .post('/api/v1/tenants/scan_alpha/credentials')
      .set('X-API-Key', alpha.apiKey)
      .send({ provider: 'ibm', name: 'x', credential: aws.credential }),
    400,
  );
  await refused(
    request(app)
      .post('/api/v1/tenants/scan_alpha/credentials')
      .set('X-API-Key', alpha.apiKey)
      .set('Content-Type', 'application/json')
      .send(`{"provider":"aws","credential":{"secret_access_key":"${aws.credential.secret_access_key}"`),
    400,
  );
  await refused(
    request(app)
      .post('/api/v1/tenants/scan_alpha/credentials')
      .set('X-API-Key', alpha.apiKey)
      .send({ ...credentialBody(aws), padding: 'p'.repeat(300 * 1024) }),
    413,
  );
  await refused(
    request(app)
      .post('/api/v1/tenants/scan_alpha/api-keys')
      .set({ 'X-API-Key': alpha.apiKey, 'X-User-ID': `user ${alpha.apiKey}` })
      .send({ name: 'x', scopes: ['pipelines:read'] }),
    400,
  );
  await refused(
    request(app)
      .post('/api/v1/tenants/onboard')
      .set(admin)
      .send({ tenant_id: 'scan_gamma', company_name: service.secrets.adminKey, contact_email: alpha.apiKey }),
    400,
  );
  // A run executed and everything projected, so the warehouse half scans rows the session produced (the run, its
  // steps, every event including the key and credential events), not only onboarding's validation rows.
  const run = await request(app)
    .post('/api/v1/pipelines/run/scan_alpha/demo/health/warehouse_check')
    .set('X-API-Key', alpha.apiKey)
    .send({});
  expect(run.status).toBe(202);
  markers.runIds.push(run.body.run_id);
  for (const task of service.dispatcher.take()) expect((await deliver(service, task)).body.status).toBe('succeeded');
  const projected = await service.ctx.projections.live.catchUpAll();
  expect(projected.filter((outcome) => outcome.status !== 'done')).toEqual([]);
});
afterAll(async () => {
  await service?.stop();
});

describe('no secret is stored, logged or loaded anywhere', () => {
  it('the secrets under test are the ones the session used', () => {
    expect(Object.keys(secrets).length).toBeGreaterThan(40);
    expect(Object.values(secrets).every((secret) => secret.length >= 20)).toBe(true);
  });

  it('no Firestore document of the project holds one', async () => {
    const documents = await dumpFirestore(service.ctx.db);
    const all = documents.map((d) => `${d.path} ${d.json}`).join('\n');
    for (const marker of [...markers.keyIds, ...markers.credentialIds, 'ciphertext', 'wrappedDataKey', 'keyHash'])
      expect(all).toContain(marker);
    const leaks = documents.flatMap((d) => secretsFoundIn(d.json, secrets).map((name) => `${name} in ${d.path}`));
    expect(leaks).toEqual([]);
  });

  it('no log line holds one', () => {
    const all = service.logLines.join('\n');
    for (const requestId of markers.failedRequestIds) expect(all).toContain(requestId);
    const leaks = service.logLines.flatMap((line, index) =>
      secretsFoundIn(line, secrets).map((name) => `${name} in log line ${index}`),
    );
    expect(leaks).toEqual([]);
  });

  it('no refusal answered one back', () => {
    expect(refusalBodies).toHaveLength(markers.failedRequestIds.length);
    const leaks = refusalBodies.flatMap((body, index) =>
      secretsFoundIn(body, secrets).map((name) => `${name} in refusal ${index}`),
    );
    expect(leaks).toEqual([]);
  });

  it('a 404 for an unknown path does not echo an API key sent inside the path', async () => {
    const apiKey = secrets['alpha first key'] as string;
    const response = await request(service.app)
      .get(`/api/v1/tenants/scan_alpha/keys/${apiKey}`)
      .set('X-API-Key', apiKey);
    expect(response.status).toBe(404);
    expect(response.body.error).toBe('NOT_FOUND');
    expect(secretsFoundIn(JSON.stringify(response.body), secrets)).toEqual([]);
  });

  it('no warehouse row holds one (central dataset and every tenant dataset)', async () => {
    const tables = [
      ...centralTables.map((t) => ({ dataset: CENTRAL_DATASET, table: t.name })),
      ...['scan_alpha', 'scan_beta'].flatMap((dataset) =>
        [...tenantTables.map((t) => t.name), TENANT_VIEW].map((table) => ({ dataset, table })),
      ),
    ];
    let rowCount = 0;
    const leaks: string[] = [];
    let all = '';
    for (const ref of tables) {
      expect(await service.ctx.warehouse.tableExists(ref)).toBe(true);
      const { rows } = await service.ctx.warehouse.runQuery(
        `SELECT * FROM \`${service.ctx.projectId}.${ref.dataset}.${ref.table}\``,
      );
      rowCount += rows.length;
      const text = JSON.stringify(rows);
      all += text;
      leaks.push(...secretsFoundIn(text, secrets).map((name) => `${name} in ${ref.dataset}.${ref.table}`));
    }
    expect(tables).toHaveLength(centralTables.length + 2 * (tenantTables.length + 1));
    expect(rowCount).toBeGreaterThan(0);
    // The projected session is in there: the run and its steps, and the key and credential events by id.
    for (const marker of [...markers.runIds, ...markers.keyIds, ...markers.credentialIds])
      expect(all).toContain(marker);
    expect(leaks).toEqual([]);
  });

  it('/metrics holds none either', async () => {
    const metrics = await request(service.app).get('/metrics');
    expect(metrics.text).toContain(
      'convergence_http_requests_total{method="POST",route="/api/v1/tenants/:tenant_id/credentials",status="201"} 3',
    );
    // Route patterns, never raw paths: tenant ids and key ids stay out of the label space.
    expect(metrics.text).not.toContain('scan_alpha');
    expect(secretsFoundIn(metrics.text, secrets)).toEqual([]);
  });
});
