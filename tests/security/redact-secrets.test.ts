import { generateApiKey } from '../../src/security/api-keys';
import { REDACTED, isSecretFieldName, redactSecrets, redactText } from '../../src/security/redaction';
import { awsAccessKeyJson, azureClientSecretJson, gcpServiceAccountJson, testPrivateKeyPem } from './support';

describe('redactSecrets', () => {
  it('masks secret credential fields at any depth and keeps the rest', () => {
    const input = {
      tenant: 'acme_corp',
      stored: [
        { provider: 'gcp', body: gcpServiceAccountJson() },
        { provider: 'aws', body: awsAccessKeyJson({ session_token: 'FwoGZXIvYXdzEXAMPLETOKEN' }) },
        { provider: 'azure', body: azureClientSecretJson() },
      ],
    };
    const redacted = redactSecrets(input) as typeof input;
    const [gcp, aws, azure] = redacted.stored.map((credential) => credential.body as Record<string, unknown>);
    expect(gcp).toMatchObject({
      private_key: REDACTED,
      client_email: 'cost-export@acme-billing-prod.iam.gserviceaccount.com',
      token_uri: 'https://oauth2.googleapis.com/token',
    });
    expect(aws).toMatchObject({
      secret_access_key: REDACTED,
      session_token: REDACTED,
      access_key_id: 'AKIAIOSFODNN7EXAMPLE',
    });
    expect(azure).toMatchObject({ client_secret: REDACTED, client_id: azureClientSecretJson().client_id });
    const text = JSON.stringify(redacted);
    for (const secret of [testPrivateKeyPem().split('\n')[2] ?? '', 'wJalrXUtnFEMI', 'Xy8Q~abcdef', 'FwoGZXIvYXdz'])
      expect(text).not.toContain(secret);
    expect(redacted.tenant).toBe('acme_corp');
  });

  it('masks request headers whatever their case or spelling', () => {
    const { secret } = generateApiKey();
    const headers = {
      Authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln',
      'x-api-key': secret,
      'X-Admin-Key': 'admin-key-value',
      cookie: 'session=abc',
      'x-user-id': 'alice',
      'content-type': 'application/json',
    };
    expect(redactSecrets({ req: { headers } })).toEqual({
      req: {
        headers: {
          Authorization: REDACTED,
          'x-api-key': REDACTED,
          'X-Admin-Key': REDACTED,
          cookie: REDACTED,
          'x-user-id': 'alice',
          'content-type': 'application/json',
        },
      },
    });
  });

  it('masks API keys, bearer tokens, JWTs and PEM keys inside free text, keeping the key id', () => {
    const { keyId, secret } = generateApiKey();
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl';
    const message = `key ${secret} failed; header Bearer abc.def; token ${jwt}; ${testPrivateKeyPem().trimEnd()} done`;
    const redacted = redactText(message);
    expect(redacted).toBe(
      `key cvg_${keyId}_${REDACTED} failed; header Bearer ${REDACTED}; token ${REDACTED}; ${REDACTED} done`,
    );
    expect(redactText(`Authorization: Bearer ${secret}`)).toBe(`Authorization: Bearer ${REDACTED}`);
  });

  it('redacts Errors: message, stack, cause and own fields such as details', () => {
    const { secret } = generateApiKey();
    const cause = new Error(`upstream refused ${secret}`);
    const error = Object.assign(new Error(`lookup of ${secret} failed`, { cause }), {
      code: 'INVALID_API_KEY',
      details: { api_key: secret },
    });
    const redacted = redactSecrets(error) as Record<string, unknown>;
    expect(redacted).toMatchObject({ name: 'Error', code: 'INVALID_API_KEY', details: { api_key: REDACTED } });
    expect(JSON.stringify(redacted)).not.toContain(secret);
    expect(String(redacted.stack)).toContain('lookup of cvg_');
    expect((redacted.cause as Record<string, unknown>).message).toContain('upstream refused cvg_');
  });

  it('does not modify its input, survives cycles, and shows buffers only by size', () => {
    const input: Record<string, unknown> = {
      password: 'p',
      nested: { keep: 1 },
      data: Buffer.from('plaintext credential'),
    };
    input.self = input;
    const redacted = redactSecrets(input) as Record<string, unknown>;
    expect(input.password).toBe('p');
    expect(redacted).toEqual({ password: REDACTED, nested: { keep: 1 }, data: '[20 bytes]', self: '[circular]' });
  });

  it('keeps shared (non-cyclic) references, dates, Maps, Sets and primitives readable', () => {
    const shared = { region: 'eu' };
    const when = new Date('2025-01-01T00:00:00.000Z');
    expect(redactSecrets({ a: shared, b: shared, when, n: 1, ok: true, none: null })).toEqual({
      a: shared,
      b: shared,
      when,
      n: 1,
      ok: true,
      none: null,
    });
    expect(
      redactSecrets(
        new Map([
          ['client_secret', 's'],
          ['id', 'x'],
        ]),
      ),
    ).toEqual({ client_secret: REDACTED, id: 'x' });
    expect(redactSecrets(new Set([`Bearer abc`]))).toEqual([`Bearer ${REDACTED}`]);
    expect(redactSecrets(undefined)).toBeUndefined();
  });

  it('cuts excessively deep values instead of recursing without bound', () => {
    let deep: Record<string, unknown> = { secret: 's' };
    for (let index = 0; index < 1_000; index += 1) deep = { next: deep };
    expect(JSON.stringify(redactSecrets(deep))).toContain('[too deep]');
  });
});

describe('isSecretFieldName', () => {
  it('matches secret names in any casing or separator, and not their non-secret neighbours', () => {
    for (const name of [
      'private_key',
      'privateKey',
      'Private-Key',
      'secret_access_key',
      'client_secret',
      'apiKey',
      'X-API-Key',
      'authorization',
      'password',
      'token',
    ])
      expect(isSecretFieldName(name)).toBe(true);
    for (const name of [
      'private_key_id',
      'token_uri',
      'keyId',
      'key_id',
      'client_email',
      'tokenCount',
      'access_key_id',
    ])
      expect(isSecretFieldName(name)).toBe(false);
  });
});
