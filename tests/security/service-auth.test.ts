import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { OAuth2Client } from 'google-auth-library';
import {
  InvalidOidcConfig,
  InvalidServiceTokenConfig,
  bearerTokenOf,
  checkOidcClaims,
  createGoogleOidcAuthenticator,
  createSharedSecretAuthenticator,
  googleIdTokenVerifier,
  type IdTokenVerifier,
} from '../../src/security/service-auth';

type CertsResponse = Awaited<ReturnType<OAuth2Client['getFederatedSignonCertsAsync']>>;

const SERVICE_TOKEN = 'local-service-token-0123456789abcdef0123456789';

describe('bearerTokenOf', () => {
  it('takes the token of a Bearer header, the scheme in any case', () => {
    expect(bearerTokenOf('Bearer abc.def-ghi')).toEqual({ ok: true, token: 'abc.def-ghi' });
    expect(bearerTokenOf('bearer abc')).toEqual({ ok: true, token: 'abc' });
  });

  it.each([
    [undefined, 'MISSING_TOKEN'],
    ['', 'MISSING_TOKEN'],
    ['   ', 'MISSING_TOKEN'],
    ['Basic dXNlcjpwYXNz', 'INVALID_TOKEN'],
    ['Bearer', 'INVALID_TOKEN'],
    ['Bearer a b', 'INVALID_TOKEN'],
    ['Bearer a\nb', 'INVALID_TOKEN'],
    ['Bearer ✓', 'INVALID_TOKEN'],
  ])('refuses %j with %s', (header, code) => {
    expect(bearerTokenOf(header)).toMatchObject({ ok: false, code });
  });

  it('refuses an oversized header without matching it', () => {
    expect(bearerTokenOf(`Bearer ${'a'.repeat(100_000)}`)).toMatchObject({
      ok: false,
      code: 'INVALID_TOKEN',
      message: 'The Authorization header is too long',
    });
  });
});

describe('shared-secret service authentication (local)', () => {
  const authenticator = createSharedSecretAuthenticator(SERVICE_TOKEN);

  it('accepts the configured token as a local service principal', async () => {
    expect(await authenticator.verify(`Bearer ${SERVICE_TOKEN}`)).toEqual({ ok: true, principal: 'service:local' });
  });

  it('refuses a missing header, another token, a prefix of the token, without quoting what was sent', async () => {
    expect(await authenticator.verify(undefined)).toMatchObject({ ok: false, code: 'MISSING_TOKEN' });
    const wrong = await authenticator.verify('Bearer another-token-that-is-long-enough-0000');
    expect(wrong).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
    expect(JSON.stringify(wrong)).not.toContain('another-token');
    expect(await authenticator.verify(`Bearer ${SERVICE_TOKEN.slice(0, -1)}`)).toMatchObject({
      ok: false,
      code: 'INVALID_TOKEN',
    });
    expect(await authenticator.verify(SERVICE_TOKEN)).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
  });

  it('refuses to start with a guessable token', () => {
    expect(() => createSharedSecretAuthenticator('short')).toThrow(InvalidServiceTokenConfig);
    expect(() => createSharedSecretAuthenticator('')).toThrow(
      expect.objectContaining({ code: 'INVALID_SERVICE_TOKEN_CONFIG' }),
    );
  });
});

describe('Google OIDC service authentication', () => {
  const audience = 'https://convergence-abc123-ew.a.run.app';
  const scheduler = 'scheduler-invoker@acme-prod.iam.gserviceaccount.com';
  const claims = (overrides: Record<string, unknown> = {}) => ({
    iss: 'https://accounts.google.com',
    aud: audience,
    email: scheduler,
    email_verified: true,
    sub: '1234567890',
    exp: 2_000_000_000,
    iat: 1_999_996_400,
    ...overrides,
  });
  const policy = { audiences: [audience], allowedServiceAccounts: [scheduler] };

  /** Stands in for the signature check, which needs Google's certificates (unreachable here). */
  const verifierReturning = (payload: unknown): IdTokenVerifier & { tokens: string[] } => {
    const tokens: string[] = [];
    return Object.assign(
      async (token: string) => {
        tokens.push(token);
        return payload;
      },
      { tokens },
    );
  };

  it('accepts a verified token for our audience from an allowed service account', async () => {
    const verifyIdToken = verifierReturning(claims());
    const authenticator = createGoogleOidcAuthenticator({ ...policy, verifyIdToken });
    expect(await authenticator.verify('Bearer eyJhbGciOiJSUzI1NiJ9.payload.signature')).toEqual({
      ok: true,
      principal: `serviceAccount:${scheduler}`,
    });
    expect(verifyIdToken.tokens).toEqual(['eyJhbGciOiJSUzI1NiJ9.payload.signature']);
  });

  it('accepts the bare issuer form and any configured audience; compares emails case-insensitively', () => {
    const twoAudiences = { audiences: ['https://other', audience], allowedServiceAccounts: [scheduler.toUpperCase()] };
    expect(checkOidcClaims(claims({ iss: 'accounts.google.com' }), twoAudiences)).toMatchObject({ ok: true });
  });

  it.each([
    ['another audience', claims({ aud: 'https://someone-else.example.com' }), 'WRONG_AUDIENCE'],
    [
      'a service account not on the list',
      claims({ email: 'intruder@evil-project.iam.gserviceaccount.com' }),
      'WRONG_SERVICE_ACCOUNT',
    ],
    ['an unverified email', claims({ email_verified: false }), 'WRONG_SERVICE_ACCOUNT'],
    [
      'no email (a token without the email scope)',
      claims({ email: undefined, email_verified: undefined }),
      'WRONG_SERVICE_ACCOUNT',
    ],
    ['a foreign issuer', claims({ iss: 'https://evil.example.com' }), 'INVALID_TOKEN'],
    ['no audience claim', claims({ aud: undefined }), 'INVALID_TOKEN'],
    ['an empty payload', undefined, 'INVALID_TOKEN'],
  ])('refuses %s', async (_label, payload, code) => {
    const authenticator = createGoogleOidcAuthenticator({ ...policy, verifyIdToken: verifierReturning(payload) });
    expect(await authenticator.verify('Bearer header.payload.signature')).toMatchObject({ ok: false, code });
  });

  it('reports a token whose signature or expiry fails as INVALID_TOKEN, without the library’s message (which quotes the token)', async () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const authenticator = createGoogleOidcAuthenticator({
      ...policy,
      verifyIdToken: async (idToken) => {
        throw new Error(`Invalid token signature: ${idToken}`);
      },
    });
    const result = await authenticator.verify(`Bearer ${token}`);
    expect(result).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
    expect(JSON.stringify(result)).not.toContain(token);
  });

  it('refuses a missing header before calling the verifier', async () => {
    const verifyIdToken = verifierReturning(claims());
    const authenticator = createGoogleOidcAuthenticator({ ...policy, verifyIdToken });
    expect(await authenticator.verify(undefined)).toMatchObject({ ok: false, code: 'MISSING_TOKEN' });
    expect(verifyIdToken.tokens).toEqual([]);
  });

  it('refuses to start without an audience or an allowed service account', () => {
    expect(() => createGoogleOidcAuthenticator({ audiences: [], allowedServiceAccounts: [scheduler] })).toThrow(
      InvalidOidcConfig,
    );
    expect(() => createGoogleOidcAuthenticator({ audiences: [audience], allowedServiceAccounts: [] })).toThrow(
      expect.objectContaining({ code: 'INVALID_OIDC_CONFIG' }),
    );
  });

  describe('with the real google-auth-library verifier, against certificates of a key made here', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const impostor = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const nowSeconds = () => Math.floor(Date.now() / 1000);
    const signedToken = (payload: Record<string, unknown>, key: KeyObject = privateKey) => {
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const signingInput = `${encode({ alg: 'RS256', kid: 'test-kid', typ: 'JWT' })}.${encode(payload)}`;
      return `${signingInput}.${createSign('RSA-SHA256').update(signingInput).sign(key).toString('base64url')}`;
    };
    /** Google's certificate endpoint is unreachable here: the client is handed this key's public half instead. */
    const clientTrustingTestKey = () => {
      const client = new OAuth2Client();
      client.getFederatedSignonCertsAsync = async () => ({
        certs: { 'test-kid': publicKey.export({ type: 'spki', format: 'pem' }).toString() },
        // The enum is not exported by the package root; its PEM member is the string 'PEM'.
        format: 'PEM' as CertsResponse['format'],
      });
      return client;
    };
    const authenticator = () =>
      createGoogleOidcAuthenticator({ ...policy, verifyIdToken: googleIdTokenVerifier(clientTrustingTestKey()) });
    const freshClaims = (overrides: Record<string, unknown> = {}) =>
      claims({ iat: nowSeconds() - 10, exp: nowSeconds() + 3_000, ...overrides });

    it('accepts a correctly signed, current token', async () => {
      expect(await authenticator().verify(`Bearer ${signedToken(freshClaims())}`)).toEqual({
        ok: true,
        principal: `serviceAccount:${scheduler}`,
      });
    });

    it('reports a wrong audience as WRONG_AUDIENCE, not as a bad signature', async () => {
      expect(
        await authenticator().verify(`Bearer ${signedToken(freshClaims({ aud: 'https://elsewhere' }))}`),
      ).toMatchObject({ ok: false, code: 'WRONG_AUDIENCE' });
    });

    it.each([
      ['signed by another key', () => signedToken(freshClaims(), impostor)],
      ['expired', () => signedToken(freshClaims({ iat: nowSeconds() - 7_200, exp: nowSeconds() - 3_600 }))],
      ['from another issuer', () => signedToken(freshClaims({ iss: 'https://evil.example.com' }))],
      ['not a JWT at all', () => 'not-a-jwt'],
    ])('refuses a token %s as INVALID_TOKEN without quoting it', async (_label, makeToken) => {
      const token = makeToken();
      const result = await authenticator().verify(`Bearer ${token}`);
      expect(result).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
      expect(JSON.stringify(result)).not.toContain(token);
    });
  });
});
