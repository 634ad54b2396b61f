import * as E from 'fp-ts/Either';
import {
  AwsAccessKey,
  AzureClientSecret,
  GcpServiceAccountKey,
  SECRET_CREDENTIAL_FIELDS,
  credentialMetadata,
  decodeCloudCredential,
  type CloudCredential,
  type CloudProvider,
  type InvalidCredential,
} from '../../src/security/credentials';
import { tenantEventCodecs } from '../../src/domain/tenant/events';
import { awsAccessKeyJson, azureClientSecretJson, gcpServiceAccountJson, testPrivateKeyPem } from './support';

function decodeOrFail(provider: CloudProvider, raw: unknown): CloudCredential {
  const decoded = decodeCloudCredential(provider, raw);
  if (E.isLeft(decoded)) throw new Error(`expected a valid ${provider} credential: ${decoded.left.message}`);
  return decoded.right;
}

function problemsOf(provider: CloudProvider, raw: unknown): InvalidCredential {
  const decoded = decodeCloudCredential(provider, raw);
  if (E.isRight(decoded)) throw new Error(`expected ${provider} credential to be refused`);
  return decoded.left;
}

describe('GCP service-account key', () => {
  it('accepts a key file, as an object or as its text, and drops unknown fields', () => {
    const fromObject = decodeOrFail('gcp', { ...gcpServiceAccountJson(), unexpected: 'x' });
    expect(fromObject.provider).toBe('gcp');
    expect(fromObject.credential).toEqual(gcpServiceAccountJson());
    expect(decodeOrFail('gcp', JSON.stringify(gcpServiceAccountJson())).credential).toEqual(gcpServiceAccountJson());
    expect(
      E.isRight(
        GcpServiceAccountKey.decode(gcpServiceAccountJson({ auth_uri: undefined, universe_domain: undefined })),
      ),
    ).toBe(true);
  });

  it.each([
    ['type', { type: 'authorized_user' }],
    ['project_id', { project_id: 'X' }],
    ['private_key_id', { private_key_id: 'abc' }],
    ['client_email', { client_email: 'someone@gmail.com' }],
    ['client_id', { client_id: 'abc' }],
    ['token_uri', { token_uri: 'https://evil.example.com/token' }],
    ['auth_uri', { auth_uri: 'http://accounts.google.com/o/oauth2/auth' }],
    ['private_key', { private_key: undefined }],
  ])('refuses a bad %s and names its path', (path, overrides) => {
    const error = problemsOf('gcp', gcpServiceAccountJson(overrides));
    expect(error.code).toBe('INVALID_CREDENTIAL');
    expect(error.problems.map((problem) => problem.split(':')[0])).toEqual([path]);
  });

  it('never echoes a malformed private key, nor any other submitted value, in its errors', () => {
    const pem = testPrivateKeyPem();
    const body = pem.split('\n')[5] ?? '';
    const corrupted = pem.replace(body, `${body.slice(0, 20)}!!${body.slice(22)}`);
    const error = problemsOf(
      'gcp',
      gcpServiceAccountJson({ private_key: corrupted, client_id: 'not-numeric-secret-ish' }),
    );
    expect(error.problems).toEqual(['private_key: expected PEM private key', 'client_id: expected numeric client id']);
    for (const text of [error.message, JSON.stringify(error), JSON.stringify(error.problems), String(error.stack)]) {
      expect(text).not.toContain(body.slice(0, 20));
      expect(text).not.toContain('BEGIN PRIVATE KEY');
      expect(text).not.toContain('not-numeric-secret-ish');
    }
  });

  it('refuses a PEM-shaped text that is not a key', () => {
    const fake = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n';
    expect(problemsOf('gcp', gcpServiceAccountJson({ private_key: fake })).problems).toEqual([
      'private_key: expected PEM private key',
    ]);
  });

  it('reports text that is not JSON, and a non-object, without quoting it', () => {
    const notJson = problemsOf('gcp', '{"private_key": "-----BEGIN PRIVATE KEY-----\nMIIE');
    expect(notJson.problems).toEqual(['(root): expected a JSON object (the text is not valid JSON)']);
    expect(notJson.message).not.toContain('MIIE');
    expect(problemsOf('gcp', 42).problems).toEqual(['(root): expected GcpServiceAccountKey']);
    expect(problemsOf('gcp', {}).problems).toContain('private_key: expected a value (missing)');
  });
});

describe('AWS access key', () => {
  it('accepts long-term and temporary key ids, with an optional region', () => {
    expect(decodeOrFail('aws', awsAccessKeyJson()).credential).toEqual(awsAccessKeyJson());
    expect(
      E.isRight(AwsAccessKey.decode(awsAccessKeyJson({ access_key_id: 'ASIAIOSFODNN7EXAMPLE', region: undefined }))),
    ).toBe(true);
  });

  it.each([
    ['access_key_id', { access_key_id: 'AKIAshort' }],
    ['access_key_id', { access_key_id: 'ABIAIOSFODNN7EXAMPLE' }],
    ['access_key_id', { access_key_id: 'akiaiosfodnn7example' }],
    ['secret_access_key', { secret_access_key: 'x'.repeat(39) }],
    ['secret_access_key', { secret_access_key: `${'x'.repeat(39)} ` }],
    ['region', { region: 'Moon' }],
  ])('refuses a bad %s', (path, overrides) => {
    const error = problemsOf('aws', awsAccessKeyJson(overrides));
    expect(error.problems.map((problem) => problem.split(':')[0])).toEqual([path]);
    if ('secret_access_key' in overrides) expect(error.message).not.toContain('x'.repeat(39));
  });
});

describe('Azure client secret', () => {
  it('accepts uuids and a client secret', () => {
    expect(decodeOrFail('azure', azureClientSecretJson()).credential).toEqual(azureClientSecretJson());
  });

  it.each(['tenant_id', 'client_id', 'subscription_id'])('refuses a %s that is not a uuid', (path) => {
    expect(problemsOf('azure', azureClientSecretJson({ [path]: 'not-a-uuid' })).problems).toEqual([
      `${path}: expected uuid`,
    ]);
  });

  it('refuses a client secret with whitespace, without echoing it', () => {
    const error = problemsOf('azure', azureClientSecretJson({ client_secret: 'has spaces in the secret value' }));
    expect(error.problems).toEqual(['client_secret: expected client secret (8–256 printable characters)']);
    expect(JSON.stringify(error) + error.message).not.toContain('has spaces');
    expect(E.isLeft(AzureClientSecret.decode(azureClientSecretJson({ client_secret: undefined })))).toBe(true);
  });
});

describe('credentialMetadata', () => {
  const secretValuesOf = (credential: Record<string, unknown>) =>
    SECRET_CREDENTIAL_FIELDS.map((field) => credential[field]).filter(
      (value): value is string => typeof value === 'string',
    );

  it('GCP: identifies the key without its private key', () => {
    const { credential } = decodeOrFail('gcp', gcpServiceAccountJson()) as Extract<
      CloudCredential,
      { provider: 'gcp' }
    >;
    const metadata = credentialMetadata('gcp', credential);
    expect(metadata).toEqual({
      project_id: 'acme-billing-prod',
      client_email: 'cost-export@acme-billing-prod.iam.gserviceaccount.com',
      private_key_id: '0123456789abcdef0123456789abcdef01234567',
      client_id: '112233445566778899001',
    });
    for (const secret of secretValuesOf(credential))
      expect(JSON.stringify(metadata)).not.toContain(secret.slice(40, 80));
  });

  it('AWS: masks the access key id to its kind and last 4 and drops the secret key', () => {
    const { credential } = decodeOrFail('aws', awsAccessKeyJson()) as Extract<CloudCredential, { provider: 'aws' }>;
    const metadata = credentialMetadata('aws', credential);
    expect(metadata).toEqual({ access_key_id: 'AKIA************MPLE', region: 'us-east-1' });
    expect(JSON.stringify(metadata)).not.toContain('IOSFODNN7');
    expect(JSON.stringify(metadata)).not.toContain(credential.secret_access_key);
    const { region: _region, ...withoutRegion } = credential;
    expect(credentialMetadata('aws', withoutRegion)).toEqual({ access_key_id: 'AKIA************MPLE' });
  });

  it('Azure: keeps the ids, drops the client secret', () => {
    const { credential } = decodeOrFail('azure', azureClientSecretJson()) as Extract<
      CloudCredential,
      { provider: 'azure' }
    >;
    const metadata = credentialMetadata('azure', credential);
    expect(metadata).toEqual({
      tenant_id: credential.tenant_id,
      client_id: credential.client_id,
      subscription_id: credential.subscription_id,
    });
    expect(JSON.stringify(metadata)).not.toContain(credential.client_secret);
  });

  it('fits the CredentialStored event’s metadata (a record of strings) for every provider', () => {
    const all = [
      credentialMetadata(
        'gcp',
        (decodeOrFail('gcp', gcpServiceAccountJson()) as Extract<CloudCredential, { provider: 'gcp' }>).credential,
      ),
      credentialMetadata(
        'aws',
        (decodeOrFail('aws', awsAccessKeyJson()) as Extract<CloudCredential, { provider: 'aws' }>).credential,
      ),
      credentialMetadata(
        'azure',
        (decodeOrFail('azure', azureClientSecretJson()) as Extract<CloudCredential, { provider: 'azure' }>).credential,
      ),
    ];
    for (const metadata of all)
      expect(E.isRight(tenantEventCodecs.CredentialStored.type.props.metadata.decode(metadata))).toBe(true);
  });

  it('leaves out fields that are not on the allowlist, even when a caller smuggles them in', () => {
    const smuggled = { ...azureClientSecretJson(), password: 'p4ssw0rd-smuggled' } as unknown as Parameters<
      typeof credentialMetadata<'azure'>
    >[1];
    expect(JSON.stringify(credentialMetadata('azure', smuggled))).not.toContain('p4ssw0rd-smuggled');
  });
});
