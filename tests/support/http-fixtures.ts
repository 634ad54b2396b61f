import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { CollectionReference, DocumentReference, Firestore, Timestamp } from '@google-cloud/firestore';
import request from 'supertest';
import { tenantStreamId } from '../../src/domain/streams';
import { eventPath } from '../../src/eventstore/layout';
import type { TestService } from './service';

/** Shared setup for the HTTP behaviour tests: requests as an operator would send them, and ways to look behind them. */

export const adminHeaders = (service: TestService) => ({ 'X-Admin-Key': service.secrets.adminKey });

export function onboardBody(tenantId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    tenant_id: tenantId,
    company_name: `Company ${tenantId}`,
    contact_email: `ops@${tenantId.replace(/_/g, '-')}.example.com`,
    ...overrides,
  };
}

export async function bootstrap(service: TestService): Promise<void> {
  const response = await request(service.app).post('/api/v1/admin/bootstrap').set(adminHeaders(service));
  if (response.status !== 201 && response.status !== 200)
    throw new Error(`bootstrap answered ${response.status}: ${JSON.stringify(response.body)}`);
}

export interface OnboardedTenant {
  readonly tenantId: string;
  readonly apiKey: string;
  readonly apiKeyId: string;
}

export async function onboard(
  service: TestService,
  tenantId: string,
  overrides: Record<string, unknown> = {},
): Promise<OnboardedTenant> {
  const response = await request(service.app)
    .post('/api/v1/tenants/onboard')
    .set(adminHeaders(service))
    .send(onboardBody(tenantId, overrides));
  if (response.status !== 201)
    throw new Error(`onboarding ${tenantId} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return { tenantId, apiKey: response.body.api_key, apiKeyId: response.body.api_key_id };
}

export interface IssuedKey {
  readonly keyId: string;
  readonly apiKey: string;
}

export async function issueKey(
  service: TestService,
  tenantId: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = adminHeaders(service),
): Promise<IssuedKey> {
  const response = await request(service.app).post(`/api/v1/tenants/${tenantId}/api-keys`).set(headers).send(body);
  if (response.status !== 201)
    throw new Error(`issuing a key for ${tenantId} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return { keyId: response.body.key_id, apiKey: response.body.api_key };
}

export async function tenantEvents(service: TestService, tenantId: string) {
  return (await service.ctx.store.readStream(tenantStreamId(tenantId))).events;
}

/** When the event at `revision` was committed: the update time of its document, shared by everything in that commit. */
export async function eventCommitTime(service: TestService, streamId: string, revision: number): Promise<Timestamp> {
  const snapshot = await service.ctx.db.doc(eventPath(streamId, revision)).get();
  if (!snapshot.updateTime) throw new Error(`no event ${streamId}@${revision}`);
  return snapshot.updateTime;
}

/** Every event document of every stream: what "nothing was appended" is measured against. */
export async function countAllEvents(db: Firestore): Promise<number> {
  return (await db.collectionGroup('events').select().get()).size;
}

/** Every document of the project (with its path), collections walked recursively, including "missing" parents of subcollections. */
export async function dumpFirestore(db: Firestore): Promise<{ path: string; json: string }[]> {
  const out: { path: string; json: string }[] = [];
  const walkCollection = async (collection: CollectionReference): Promise<void> => {
    for (const document of await collection.listDocuments()) await walkDocument(document);
  };
  const walkDocument = async (document: DocumentReference): Promise<void> => {
    const snapshot = await document.get();
    if (snapshot.exists) out.push({ path: document.path, json: JSON.stringify(snapshot.data(), bytesAsText) });
    for (const sub of await document.listCollections()) await walkCollection(sub);
  };
  for (const collection of await db.listCollections()) await walkCollection(collection);
  return out;
}

/** Bytes fields are scanned both as text and as base64. */
function bytesAsText(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array)
    return `${Buffer.from(value).toString('utf8')} ${Buffer.from(value).toString('base64')}`;
  if (
    value &&
    typeof value === 'object' &&
    (value as { type?: unknown }).type === 'Buffer' &&
    Array.isArray((value as { data?: unknown }).data)
  ) {
    const buffer = Buffer.from((value as { data: number[] }).data);
    return `${buffer.toString('utf8')} ${buffer.toString('base64')}`;
  }
  return value;
}

/** The names of the secrets that occur in `text` (names, so a failing assertion says which leaked). */
export function secretsFoundIn(text: string, secrets: Readonly<Record<string, string>>): string[] {
  return Object.entries(secrets)
    .filter(([, secret]) => secret.length > 0 && text.includes(secret))
    .map(([name]) => name);
}

const BASE64_40 = () => randomBytes(30).toString('base64');
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A credential submission with fresh secret values, and the strings that must never appear outside its ciphertext. */
export interface CredentialFixture {
  readonly provider: 'gcp' | 'aws' | 'azure';
  readonly credential: Record<string, unknown>;
  /** Named secret fragments: the whole secret, or for a PEM key each of its base64 lines. */
  readonly secrets: Readonly<Record<string, string>>;
}

export function gcpCredential(overrides: Record<string, unknown> = {}): CredentialFixture {
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  const lines = pem.split('\n').filter((line) => line.length > 0 && !line.startsWith('-----'));
  const credential = {
    type: 'service_account',
    project_id: 'acme-billing-prod',
    private_key_id: randomBytes(20).toString('hex'),
    private_key: pem,
    client_email: 'cost-export@acme-billing-prod.iam.gserviceaccount.com',
    client_id: '112233445566778899001',
    token_uri: 'https://oauth2.googleapis.com/token',
    ...overrides,
  };
  return {
    provider: 'gcp',
    credential,
    secrets: Object.fromEntries(lines.map((line, index) => [`gcp private_key line ${index}`, line])),
  };
}

export function awsCredential(overrides: Record<string, unknown> = {}): CredentialFixture {
  const accessKeyId = `AKIA${Array.from(randomBytes(16), (b) => UPPER_ALNUM[b % UPPER_ALNUM.length]).join('')}`;
  const credential = { access_key_id: accessKeyId, secret_access_key: BASE64_40(), region: 'eu-west-1', ...overrides };
  return { provider: 'aws', credential, secrets: { 'aws secret_access_key': String(credential.secret_access_key) } };
}

export function azureCredential(overrides: Record<string, unknown> = {}): CredentialFixture {
  const credential = {
    tenant_id: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    client_id: '1b4d5f0e-9a0c-4c8e-8d3a-5f1e2b3c4d5e',
    client_secret: `Az8Q~${randomBytes(30).toString('base64url')}`,
    subscription_id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    ...overrides,
  };
  return { provider: 'azure', credential, secrets: { 'azure client_secret': String(credential.client_secret) } };
}

export const credentialBody = (fixture: CredentialFixture, name = `${fixture.provider} key`) => ({
  provider: fixture.provider,
  name,
  credential: fixture.credential,
});

/** The `{ error, message, request_id }` shape every refusal has. */
export function expectErrorShape(body: unknown, code: string): void {
  expect(body).toMatchObject({ error: code, message: expect.any(String), request_id: expect.any(String) });
  expect((body as { message: string }).message.length).toBeGreaterThan(0);
}
