import request from 'supertest';
import { decryptCredential, type EncryptedSecret } from '../../src/security';
import {
  adminHeaders,
  awsCredential,
  azureCredential,
  bootstrap,
  countAllEvents,
  credentialBody,
  dumpFirestore,
  expectErrorShape,
  gcpCredential,
  onboard,
  secretsFoundIn,
  tenantEvents,
  type CredentialFixture,
  type OnboardedTenant,
} from '../support/http-fixtures';
import { startTestService, type TestService } from '../support/service';

let service: TestService;
let tenant: OnboardedTenant;
beforeAll(async () => {
  service = await startTestService();
  await bootstrap(service);
  tenant = await onboard(service, 'cred_tenant');
});
afterAll(async () => {
  await service?.stop();
});

const credentialsPath = '/api/v1/tenants/cred_tenant/credentials';
const asTenant = () => ({ 'X-API-Key': tenant.apiKey });
const fixtures: Record<'gcp' | 'aws' | 'azure', CredentialFixture> = {
  gcp: gcpCredential(),
  aws: awsCredential(),
  azure: azureCredential(),
};
/** Secrets of credentials stored beyond the three fixtures (the GCP key submitted as text). */
const moreSecrets: Record<string, string> = {};
const allSecrets = (): Record<string, string> =>
  Object.assign({}, ...Object.values(fixtures).map((f) => f.secrets), moreSecrets);
const stored: Record<string, string> = {};

const expectedMetadata = (fixture: CredentialFixture): Record<string, string> => {
  const c = fixture.credential as Record<string, string>;
  if (fixture.provider === 'gcp')
    return {
      project_id: c.project_id as string,
      client_email: c.client_email as string,
      private_key_id: c.private_key_id as string,
      client_id: c.client_id as string,
    };
  if (fixture.provider === 'aws')
    return {
      access_key_id: `AKIA${'*'.repeat(12)}${(c.access_key_id as string).slice(-4)}`,
      region: c.region as string,
    };
  return {
    tenant_id: c.tenant_id as string,
    client_id: c.client_id as string,
    subscription_id: c.subscription_id as string,
  };
};

/**
 * A tenant of the test's own holding the three fixtures (stored with its key, named "<provider> production")
 * and a GCP key file submitted as text by the admin: the ids of the three fixtures by provider.
 */
async function tenantWithCredentials(
  tenantId: string,
): Promise<{ own: OnboardedTenant; ids: Record<string, string>; path: string }> {
  const own = await onboard(service, tenantId);
  const path = `/api/v1/tenants/${tenantId}/credentials`;
  const ids: Record<string, string> = {};
  for (const provider of ['gcp', 'aws', 'azure'] as const) {
    const response = await request(service.app)
      .post(path)
      .set({ 'X-API-Key': own.apiKey })
      .send(credentialBody(fixtures[provider], `${provider} production`));
    expect(response.status).toBe(201);
    ids[provider] = response.body.credential_id;
  }
  const text = gcpCredential();
  const asText = await request(service.app)
    .post(path)
    .set(adminHeaders(service))
    .send({ provider: 'gcp', name: 'as text', credential: JSON.stringify(text.credential) });
  expect(asText.status).toBe(201);
  for (const [name, secret] of Object.entries(text.secrets)) moreSecrets[`${tenantId} text ${name}`] = secret;
  return { own, ids, path };
}

describe('storing credentials', () => {
  it.each(['gcp', 'aws', 'azure'] as const)(
    'stores a valid %s credential and answers 201 with metadata only',
    async (provider) => {
      const fixture = fixtures[provider];
      const response = await request(service.app)
        .post(credentialsPath)
        .set(asTenant())
        .send(credentialBody(fixture, `${provider} production`));
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        credential_id: expect.stringMatching(/^cred_[0-9a-f]{16}$/),
        provider,
        name: `${provider} production`,
        metadata: expectedMetadata(fixture),
        created_at: expect.any(String),
      });
      expect(secretsFoundIn(JSON.stringify(response.body), fixture.secrets)).toEqual([]);
      stored[provider] = response.body.credential_id;
    },
  );

  it('accepts a GCP key file submitted as its JSON text', async () => {
    const fixture = gcpCredential();
    const response = await request(service.app)
      .post(credentialsPath)
      .set(adminHeaders(service))
      .send({ provider: 'gcp', name: 'as text', credential: JSON.stringify(fixture.credential) });
    expect(response.status).toBe(201);
    expect(response.body.metadata).toEqual(expectedMetadata(fixture));
    for (const [name, secret] of Object.entries(fixture.secrets)) moreSecrets[`text ${name}`] = secret;
  });

  it('records ciphertext only: no secret anywhere in the stream or the database, yet the keyring decrypts it back', async () => {
    const T = 'cred_cipher';
    const { ids } = await tenantWithCredentials(T);
    const events = await tenantEvents(service, T);
    const storedEvents = events.filter((e) => e.type === 'CredentialStored');
    expect(storedEvents).toHaveLength(4);
    const streamJson = JSON.stringify(events);
    expect(secretsFoundIn(streamJson, allSecrets())).toEqual([]);
    expect(streamJson).not.toContain('PRIVATE KEY');
    const database = (await dumpFirestore(service.ctx.db)).map((d) => d.json).join('\n');
    expect(database).toContain(ids.aws);
    expect(secretsFoundIn(database, allSecrets())).toEqual([]);

    for (const provider of ['gcp', 'aws', 'azure'] as const) {
      const event = storedEvents.find((e) => (e.data as { credentialId: string }).credentialId === ids[provider]);
      const data = event?.data as { provider: string; encrypted: EncryptedSecret; metadata: Record<string, string> };
      expect(data.provider).toBe(provider);
      expect(data.metadata).toEqual(expectedMetadata(fixtures[provider]));
      expect(Object.keys(data.encrypted).sort()).toEqual(['ciphertext', 'iv', 'keyVersion', 'tag']);
      const decrypted = await decryptCredential(service.ctx.keyring, T, ids[provider] as string, data.encrypted);
      expect(decrypted).toEqual({ provider, credential: fixtures[provider].credential });
    }
  });
});

describe('refusing credentials', () => {
  const pem = String(fixtures.gcp.credential.private_key);
  const bodyLine = pem.split('\n')[5] ?? '';
  const corruptedPem = pem.replace(bodyLine, `${bodyLine.slice(0, 20)}!!${bodyLine.slice(22)}`);
  it.each([
    [
      'a GCP key with a corrupted private key',
      'gcp',
      { ...fixtures.gcp.credential, private_key: corruptedPem },
      'private_key',
      [bodyLine.slice(0, 20), bodyLine.slice(22)],
    ],
    [
      'a GCP key with a foreign token URI',
      'gcp',
      { ...fixtures.gcp.credential, token_uri: 'https://evil.example.com/token' },
      'token_uri',
      [...Object.values(fixtures.gcp.secrets), 'evil.example.com'],
    ],
    [
      'an AWS key whose secret is one character short',
      'aws',
      { ...fixtures.aws.credential, secret_access_key: String(fixtures.aws.credential.secret_access_key).slice(1) },
      'secret_access_key',
      [String(fixtures.aws.credential.secret_access_key).slice(1)],
    ],
    [
      'an AWS key with a malformed key id',
      'aws',
      { ...fixtures.aws.credential, access_key_id: 'XKIA-not-a-key-id' },
      'access_key_id',
      [String(fixtures.aws.credential.secret_access_key), 'XKIA-not-a-key-id'],
    ],
    [
      'an Azure secret containing a space',
      'azure',
      { ...fixtures.azure.credential, client_secret: 'Az8Q~has a space inside' },
      'client_secret',
      ['has a space inside'],
    ],
    [
      'an Azure secret without its subscription',
      'azure',
      { ...fixtures.azure.credential, subscription_id: undefined },
      'subscription_id',
      [String(fixtures.azure.credential.client_secret)],
    ],
  ])(
    'refuses %s with 400 INVALID_CREDENTIAL naming the path and echoing nothing',
    async (_case, provider, credential, path, submittedSecrets) => {
      const before = await countAllEvents(service.ctx.db);
      const response = await request(service.app)
        .post(credentialsPath)
        .set(asTenant())
        .send({ provider, name: 'bad', credential });
      expect(response.status).toBe(400);
      expectErrorShape(response.body, 'INVALID_CREDENTIAL');
      expect((response.body.details.problems as string[]).map((p) => p.split(':')[0])).toEqual([path]);
      const text = JSON.stringify(response.body);
      expect(submittedSecrets.filter((secret) => text.includes(secret))).toEqual([]);
      expect(await countAllEvents(service.ctx.db)).toBe(before);
    },
  );

  it('refuses a credential of the wrong provider shape (AWS pair sent as azure) without echoing it', async () => {
    const response = await request(service.app)
      .post(credentialsPath)
      .set(asTenant())
      .send({ provider: 'azure', name: 'mixed up', credential: fixtures.aws.credential });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('INVALID_CREDENTIAL');
    expect(secretsFoundIn(JSON.stringify(response.body), fixtures.aws.secrets)).toEqual([]);
  });

  it('refuses an unknown provider with 400 INVALID_PAYLOAD without echoing the credential', async () => {
    const response = await request(service.app)
      .post(credentialsPath)
      .set(asTenant())
      .send({ provider: 'oracle', name: 'other cloud', credential: fixtures.azure.credential });
    expect(response.status).toBe(400);
    expectErrorShape(response.body, 'INVALID_PAYLOAD');
    expect(response.body.details.problems).toEqual(['body.provider: invalid value']);
    expect(secretsFoundIn(JSON.stringify(response.body), fixtures.azure.secrets)).toEqual([]);
  });
});

describe('listing and deleting credentials', () => {
  it('lists metadata only', async () => {
    const T = 'cred_listed';
    const { own, ids, path } = await tenantWithCredentials(T);
    const list = await request(service.app).get(path).set({ 'X-API-Key': own.apiKey });
    expect(list.status).toBe(200);
    expect(list.body.tenant_id).toBe(T);
    expect(list.body.credentials).toHaveLength(4);
    for (const provider of ['gcp', 'aws', 'azure'] as const) {
      const listed = list.body.credentials.find((c: { credential_id: string }) => c.credential_id === ids[provider]);
      expect(listed).toEqual({
        credential_id: ids[provider],
        provider,
        name: `${provider} production`,
        metadata: expectedMetadata(fixtures[provider]),
        created_at: expect.any(String),
      });
    }
    const text = JSON.stringify(list.body);
    expect(secretsFoundIn(text, allSecrets())).toEqual([]);
    expect(text).not.toMatch(/ciphertext|encrypted|"iv"|"tag"/);
  });

  it('deletes a credential; deleting it again answers 404 CREDENTIAL_NOT_FOUND', async () => {
    const T = 'cred_deleted';
    const { own, ids, path } = await tenantWithCredentials(T);
    const deleted = await request(service.app).delete(`${path}/${ids.aws}`).set({ 'X-API-Key': own.apiKey });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ credential_id: ids.aws, deleted: true, deleted_at: expect.any(String) });
    const list = await request(service.app).get(path).set({ 'X-API-Key': own.apiKey });
    expect(list.body.credentials.map((c: { credential_id: string }) => c.credential_id)).not.toContain(ids.aws);
    expect(list.body.credentials).toHaveLength(3);
    expect((await tenantEvents(service, T)).filter((e) => e.type === 'CredentialDeleted').map((e) => e.data)).toEqual([
      { credentialId: ids.aws, deletedAt: deleted.body.deleted_at },
    ]);

    const again = await request(service.app).delete(`${path}/${ids.aws}`).set({ 'X-API-Key': own.apiKey });
    expect(again.status).toBe(404);
    expectErrorShape(again.body, 'CREDENTIAL_NOT_FOUND');
  });

  it("cannot delete another tenant's credential through its own path", async () => {
    const other = await onboard(service, 'cred_other');
    const stored = await request(service.app)
      .post('/api/v1/tenants/cred_other/credentials')
      .set('X-API-Key', other.apiKey)
      .send(credentialBody(azureCredential()));
    expect(stored.status).toBe(201);
    const response = await request(service.app)
      .delete(`${credentialsPath}/${stored.body.credential_id}`)
      .set(asTenant());
    expect(response.status).toBe(404);
    expectErrorShape(response.body, 'CREDENTIAL_NOT_FOUND');
    const theirs = await request(service.app)
      .get('/api/v1/tenants/cred_other/credentials')
      .set('X-API-Key', other.apiKey);
    expect(theirs.body.credentials.map((c: { credential_id: string }) => c.credential_id)).toEqual([
      stored.body.credential_id,
    ]);
  });

  it('needs pipelines:write to store or delete and pipelines:read to list', async () => {
    const T = 'cred_scoped';
    const { own, ids, path } = await tenantWithCredentials(T);
    const reader = await request(service.app)
      .post(`/api/v1/tenants/${T}/api-keys`)
      .set({ 'X-API-Key': own.apiKey })
      .send({ name: 'reader', scopes: ['pipelines:read'] });
    const readerKey = { 'X-API-Key': reader.body.api_key as string };
    expect((await request(service.app).get(path).set(readerKey)).status).toBe(200);
    const store = await request(service.app).post(path).set(readerKey).send(credentialBody(awsCredential()));
    expect(store.status).toBe(403);
    expect(store.body.error).toBe('FORBIDDEN');
    const remove = await request(service.app).delete(`${path}/${ids.azure}`).set(readerKey);
    expect(remove.status).toBe(403);
  });
});
