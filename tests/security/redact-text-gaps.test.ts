import { generateApiKey } from '../../src/security/api-keys';
import {
  KnownSecrets,
  REDACTED,
  isSecretFieldName,
  looksRandomToken,
  redactSecrets,
  redactText,
} from '../../src/security/redaction';
import { generateLocalSecrets } from '../../src/runtime/local-secrets';

/** One test per gap the redactor had; each input held a secret the old redactor let through. */
describe('redaction of secret field names', () => {
  it('masks the pepper, the KEK, wrapped data keys and credentials by field name', () => {
    const input = {
      apiKeyPepper: 'p',
      localKek: 'k',
      wrappedDataKey: 'w',
      credential: 'c',
      credentials: { any: 'thing' },
      keyId: 'kept',
    };
    expect(redactSecrets(input)).toEqual({
      apiKeyPepper: REDACTED,
      localKek: REDACTED,
      wrappedDataKey: REDACTED,
      credential: REDACTED,
      credentials: REDACTED,
      keyId: 'kept',
    });
  });

  it('masks CONVERGENCE_* environment names that hold secrets, not the other settings', () => {
    const secretNames = ['ADMIN_KEY', 'API_KEY_PEPPER', 'KEK', 'SERVICE_TOKEN'].map((name) => `CONVERGENCE_${name}`);
    for (const name of secretNames) expect(isSecretFieldName(name)).toBe(true);
    for (const name of ['CONVERGENCE_PORT', 'CONVERGENCE_MODE', 'CONVERGENCE_DATA_DIR']) {
      expect(isSecretFieldName(name)).toBe(false);
    }
    const env = { CONVERGENCE_KEK: 'k', CONVERGENCE_PORT: '8080' };
    expect(redactSecrets({ env })).toEqual({ env: { CONVERGENCE_KEK: REDACTED, CONVERGENCE_PORT: '8080' } });
  });

  it('masks extra secret names a caller declares, in objects and in name=value text', () => {
    const options = { secretNames: ['X-Webhook-Signature'] };
    const redacted = redactSecrets({ x_webhook_signature: 's', other: 'o' }, options);
    expect(redacted).toEqual({ x_webhook_signature: REDACTED, other: 'o' });
    expect(redactText('sent X-Webhook-Signature: abc123 ok', options)).toBe(`sent X-Webhook-Signature: ${REDACTED} ok`);
    expect(redactText('sent X-Webhook-Signature: abc123 ok')).toBe('sent X-Webhook-Signature: abc123 ok');
  });

  it('treats every value of a header map as secret except known harmless headers', () => {
    const headers = { 'X-Webhook-Token': 'hook-secret', 'x-custom-auth': 'c', 'content-type': 'application/json' };
    expect(redactSecrets({ webhook: { headers } })).toEqual({
      webhook: {
        headers: { 'X-Webhook-Token': REDACTED, 'x-custom-auth': REDACTED, 'content-type': 'application/json' },
      },
    });
  });
});

describe('redaction of secrets inside text', () => {
  it('masks the local admin key and the service token (cvg_admin_…, cvg_svc_…)', () => {
    const { adminKey, serviceToken } = generateLocalSecrets();
    expect(serviceToken.startsWith('cvg_svc_')).toBe(true);
    const redacted = redactText(`admin ${adminKey} and ${serviceToken}.`);
    expect(redacted).toBe(`admin cvg_admin_${REDACTED} and cvg_svc_${REDACTED}.`);
  });

  it('masks a raw service token without Bearer and without a prefix when it is a configured secret', () => {
    const legacyToken = 'Qm9ndXNUb2tlbkZyb21CZWZvcmVUaGVQcmVmaXhfeHl6';
    const knownSecrets = new KnownSecrets().add(legacyToken);
    expect(redactText(`token was ${legacyToken}`)).toContain(legacyToken);
    expect(redactText(`token was ${legacyToken}`, { knownSecrets })).toBe(`token was ${REDACTED}`);
    const withBase64Padding = `${legacyToken}+/=`;
    const encodedPath = `/x/${encodeURIComponent(withBase64Padding)}`;
    expect(redactText(encodedPath, { knownSecrets: new KnownSecrets().add(withBase64Padding) })).toBe(`/x/${REDACTED}`);
  });

  it('masks secrets in URL query strings', () => {
    const url = 'https://h.example/p?access_token=AT1&key=K2&token=T3&api_key=A4&sig=S5&X-Goog-Signature=G6&page=2';
    expect(redactText(url)).toBe(
      `https://h.example/p?access_token=${REDACTED}&key=${REDACTED}&token=${REDACTED}` +
        `&api_key=${REDACTED}&sig=${REDACTED}` +
        `&X-Goog-Signature=${REDACTED}&page=2`,
    );
  });

  it('masks passwords and tokens in URL userinfo, keeping the user name', () => {
    expect(redactText('postgres://app:hunter2@db:5432/x')).toBe(`postgres://app:${REDACTED}@db:5432/x`);
    expect(redactText('https://ghp_abcdef123@github.com/o/r')).toBe(`https://${REDACTED}@github.com/o/r`);
  });

  it('masks Basic credentials, and leaves the word Basic in prose alone', () => {
    const basic = Buffer.from('user:pa55word').toString('base64');
    expect(redactText(`Authorization: Basic ${basic}`)).toBe(`Authorization: Basic ${REDACTED}`);
    expect(redactText('Basic information about the run')).toBe('Basic information about the run');
  });

  it('masks a JWT and keeps dotted non-JWT text', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    expect(redactText(`id token ${jwt} end`)).toBe(`id token ${REDACTED} end`);
    expect(redactText('eyJ.only.short')).toBe('eyJ.only.short');
  });

  it('keeps a JSON log line valid JSON when a secret inside it is masked', () => {
    const { secret } = generateApiKey();
    const line = JSON.stringify({ msg: `url https://h/?token=${secret}`, path: '/a?api_key=x' });
    const masked = redactText(line);
    expect(() => JSON.parse(masked) as unknown).not.toThrow();
    expect(masked).not.toContain(secret.slice(25));
  });
});

describe('linear time on adversarial text', () => {
  const MEGABYTE = 1_000_000;
  const inputs: Readonly<Record<string, string>> = {
    'eyJ runs with dots': `eyJ${'a'.repeat(64)}.`.repeat(Math.floor(MEGABYTE / 68)),
    'one long eyJ run': `eyJ${'a'.repeat(MEGABYTE)}`,
    'eyJ repeated without dots': 'eyJ'.repeat(MEGABYTE / 3),
    // The old `\beyJ[…]{8,}\.[…]{8,}\.` took minutes on this: every `-eyJ` is a word boundary to restart from.
    'eyJ- at word boundaries then one dot': `${'eyJ-'.repeat(MEGABYTE / 4)}.`,
    'eyJ- runs between dots': `${'eyJ-'.repeat(1_000)}.`.repeat(MEGABYTE / 4_001),
    'key characters without terminators': 'Aa0_-'.repeat(MEGABYTE / 5),
    'name= runs': 'a'.repeat(MEGABYTE) + '=',
    'token= repeated': 'token='.repeat(MEGABYTE / 6),
    'userinfo without @': '//'.repeat(MEGABYTE / 2),
    'Bearer with blanks': `Bearer${' '.repeat(MEGABYTE)}x`,
    'Basic repeated': 'Basic '.repeat(MEGABYTE / 6),
    'unterminated PEM': `-----BEGIN PRIVATE KEY-----${'A'.repeat(MEGABYTE)}`,
    'PEM begins repeated': '-----BEGIN '.repeat(MEGABYTE / 11),
    'cvg_ prefixes repeated': 'cvg_admin_cvg_svc_cvg_'.repeat(MEGABYTE / 22),
    'API key ids without a secret': 'cvg_0123456789abcdef0123_'.repeat(MEGABYTE / 25),
    'name: pairs repeated': 'a: '.repeat(MEGABYTE / 3),
    'userinfo runs just too long for @': `//${'a'.repeat(300)}@`.repeat(MEGABYTE / 303),
    'Bearer repeated': 'Bearer '.repeat(MEGABYTE / 7),
  };

  it.each(Object.keys(inputs))('redacts 1 MB of %s (finishes; no timing threshold)', (name) => {
    const text = inputs[name] ?? '';
    const redacted = redactText(text, { knownSecrets: new KnownSecrets().add('0123456789abcdefXYZ') });
    expect(typeof redacted).toBe('string');
    expect(redacted.length).toBeGreaterThan(0);
  });
});

describe('looksRandomToken', () => {
  it('recognises random secrets without a prefix and not user names or ids', () => {
    const { apiKeyPepper, kek } = generateLocalSecrets();
    expect(looksRandomToken(apiKeyPepper)).toBe(true);
    expect(looksRandomToken(kek)).toBe(true);
    const uuid = '0f8fa6d2-4c1e-4b43-9a52-6f1ab0c7d9e1';
    const harmless = ['alice@example.com', 'user:12345', uuid, 'AzureAD_Object_0f8fa6d2'];
    for (const value of harmless) expect(looksRandomToken(value)).toBe(false);
  });
});
