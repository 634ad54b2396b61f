import * as fc from 'fast-check';
import * as E from 'fp-ts/Either';
import {
  ALL_API_KEY_SCOPES,
  API_KEY_LENGTH,
  ApiKeyScopes,
  InvalidApiKeyPepper,
  LAST_USED_WRITE_INTERVAL_MS,
  MalformedApiKey,
  generateApiKey,
  hasScope,
  hashApiKey,
  isExpired,
  parseApiKey,
  shouldRecordUse,
  verifyApiKey,
} from '../../src/security/api-keys';

const PEPPER = 'pepper-for-tests-0123456789abcdef0123456789';

describe('generateApiKey', () => {
  it('makes cvg_{keyId}_{secret} keys whose id is embedded and whose parts are URL-safe', () => {
    const { keyId, secret } = generateApiKey();
    expect(keyId).toMatch(/^[0-9a-f]{20}$/);
    expect(secret).toMatch(new RegExp(`^cvg_${keyId}_[0-9A-Za-z]{43}$`));
    expect(secret).toHaveLength(API_KEY_LENGTH);
    expect(encodeURIComponent(secret)).toBe(secret);
  });

  it('never repeats a key id or a secret', () => {
    const keys = Array.from({ length: 2_000 }, () => generateApiKey());
    expect(new Set(keys.map((key) => key.keyId)).size).toBe(keys.length);
    expect(new Set(keys.map((key) => key.secret)).size).toBe(keys.length);
  });

  it('draws the random part from the whole base62 alphabet', () => {
    const seen = new Set<string>();
    for (let index = 0; index < 200; index += 1) for (const char of generateApiKey().secret.slice(26)) seen.add(char);
    expect(seen.size).toBe(62);
  });
});

describe('parseApiKey', () => {
  it('round-trips a generated key and returns its key id', () => {
    const { keyId, secret } = generateApiKey();
    expect(parseApiKey(secret)).toEqual(E.right({ keyId, secret }));
  });

  it.each([
    ['undefined', undefined, 'NOT_A_STRING'],
    ['a number', 42, 'NOT_A_STRING'],
    ['an object', { toString: () => 'cvg_' }, 'NOT_A_STRING'],
    ['empty', '', 'WRONG_LENGTH'],
    ['oversized', `cvg_${'a'.repeat(1_000_000)}`, 'WRONG_LENGTH'],
  ])('refuses %s', (_label, raw, reason) => {
    const parsed = parseApiKey(raw);
    expect(E.isLeft(parsed) && parsed.left).toEqual(expect.objectContaining({ code: 'MALFORMED_API_KEY', reason }));
  });

  it('refuses keys of the right length but the wrong shape', () => {
    const { secret } = generateApiKey();
    const variants = [
      `xyz_${secret.slice(4)}`,
      secret.toUpperCase(),
      `${secret.slice(0, 24)}-${secret.slice(25)}`,
      `${secret.slice(0, -1)}!`,
      `${secret.slice(0, -1)} `,
      `${secret.slice(0, 30)}é${secret.slice(31)}`,
      `${secret.slice(0, 10)}../${secret.slice(13)}`,
    ];
    for (const variant of variants) {
      expect(variant).toHaveLength(API_KEY_LENGTH);
      const parsed = parseApiKey(variant);
      expect(E.isLeft(parsed) && parsed.left.reason).toBe('WRONG_FORMAT');
    }
  });

  it('never throws and never echoes the input, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 100 }), fc.anything()), (raw) => {
        const parsed = parseApiKey(raw);
        if (E.isLeft(parsed)) {
          expect(parsed.left).toBeInstanceOf(MalformedApiKey);
          // The message depends on the reason only, so nothing of the input can be in it.
          expect(parsed.left.message).toBe(new MalformedApiKey(parsed.left.reason).message);
        }
      }),
    );
  });
});

describe('hashApiKey and verifyApiKey', () => {
  it('is HMAC-SHA256 with the pepper, in hex, and depends on both key and pepper', () => {
    const { secret } = generateApiKey();
    const hash = hashApiKey(secret, PEPPER);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashApiKey(secret, PEPPER));
    expect(hash).not.toBe(hashApiKey(secret, `${PEPPER}x`));
    expect(hash).not.toBe(hashApiKey(generateApiKey().secret, PEPPER));
    expect(hash).not.toContain(secret.slice(26));
    // A known vector pins the construction (HMAC-SHA256 keyed by the pepper, over the full key), so a change
    // of construction — which would invalidate every stored hash — cannot slip through.
    expect(hashApiKey('cvg_key', 'k'.repeat(32))).toBe(
      'ac0f708f7e45fd04cf748001e75c675a3706fc4040329307eaebcc2bf60857d4',
    );
  });

  it('verifies the right key and refuses another key, another pepper and malformed stored hashes', () => {
    const { secret } = generateApiKey();
    const stored = hashApiKey(secret, PEPPER);
    expect(verifyApiKey(secret, stored, PEPPER)).toBe(true);
    expect(verifyApiKey(generateApiKey().secret, stored, PEPPER)).toBe(false);
    expect(verifyApiKey(secret, stored, `${PEPPER}x`)).toBe(false);
    expect(verifyApiKey(secret, stored.toUpperCase(), PEPPER)).toBe(false);
    expect(verifyApiKey(secret, stored.slice(0, 63), PEPPER)).toBe(false);
    expect(verifyApiKey(secret, '', PEPPER)).toBe(false);
    expect(verifyApiKey(secret, '0'.repeat(64), PEPPER)).toBe(false);
  });

  it('refuses a pepper too short to matter', () => {
    expect(() => hashApiKey('cvg_x', 'short')).toThrow(InvalidApiKeyPepper);
    expect(() => verifyApiKey('cvg_x', '0'.repeat(64), '')).toThrow(
      expect.objectContaining({ code: 'INVALID_API_KEY_PEPPER' }),
    );
  });
});

describe('scopes', () => {
  it('accepts the three scopes and refuses anything else, empty lists and duplicates', () => {
    expect(ALL_API_KEY_SCOPES).toEqual(['pipelines:read', 'pipelines:write', 'pipelines:execute']);
    expect(E.isRight(ApiKeyScopes.decode(['pipelines:read', 'pipelines:execute']))).toBe(true);
    expect(E.isLeft(ApiKeyScopes.decode(['pipelines:admin']))).toBe(true);
    expect(E.isLeft(ApiKeyScopes.decode([]))).toBe(true);
    expect(E.isLeft(ApiKeyScopes.decode(['pipelines:read', 'pipelines:read']))).toBe(true);
    expect(E.isLeft(ApiKeyScopes.decode('pipelines:read'))).toBe(true);
  });

  it('grants only what a key holds: write does not imply read', () => {
    expect(hasScope(['pipelines:write'], 'pipelines:write')).toBe(true);
    expect(hasScope(['pipelines:write'], 'pipelines:read')).toBe(false);
    expect(hasScope([], 'pipelines:execute')).toBe(false);
  });
});

describe('isExpired', () => {
  const now = new Date('2025-06-01T12:00:00.000Z');
  it('never expires a key without expiry; expires at the instant and after', () => {
    expect(isExpired(null, now)).toBe(false);
    expect(isExpired(undefined, now)).toBe(false);
    expect(isExpired(new Date('2025-06-01T12:00:00.001Z'), now)).toBe(false);
    expect(isExpired(new Date('2025-06-01T12:00:00.000Z'), now)).toBe(true);
    expect(isExpired(new Date('2025-05-01T00:00:00.000Z'), now)).toBe(true);
  });

  it('fails closed on an unreadable date', () => {
    expect(isExpired(new Date('not a date'), now)).toBe(true);
  });
});

describe('shouldRecordUse', () => {
  const now = new Date('2025-06-01T12:00:00.000Z');
  const before = (ms: number) => new Date(now.getTime() - ms);

  it('writes on first use and at most once per minute afterwards', () => {
    expect(LAST_USED_WRITE_INTERVAL_MS).toBe(60_000);
    expect(shouldRecordUse(null, now)).toBe(true);
    expect(shouldRecordUse(undefined, now)).toBe(true);
    expect(shouldRecordUse(before(0), now)).toBe(false);
    expect(shouldRecordUse(before(59_999), now)).toBe(false);
    expect(shouldRecordUse(before(60_000), now)).toBe(true);
    expect(shouldRecordUse(before(3_600_000), now)).toBe(true);
  });

  it('does not write when another instance recorded a later time, and repairs an unreadable one', () => {
    expect(shouldRecordUse(new Date(now.getTime() + 5_000), now)).toBe(false);
    expect(shouldRecordUse(new Date('garbage'), now)).toBe(true);
  });

  it('over a stream of requests, writes at most once per interval', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30_000 }), { minLength: 1, maxLength: 200 }), (gaps) => {
        let clock = 0;
        let lastUsedAt: Date | null = null;
        const writes: number[] = [];
        for (const gap of gaps) {
          clock += gap;
          const requestTime = new Date(clock);
          if (shouldRecordUse(lastUsedAt, requestTime)) {
            writes.push(clock);
            lastUsedAt = requestTime;
          }
        }
        expect(writes[0]).toBe(gaps[0]);
        for (let index = 1; index < writes.length; index += 1)
          expect((writes[index] ?? 0) - (writes[index - 1] ?? 0)).toBeGreaterThanOrEqual(60_000);
      }),
    );
  });
});
