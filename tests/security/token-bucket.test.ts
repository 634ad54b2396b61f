import { TokenBucket } from '../../src/security';

const MINUTE = 60_000;
const t0 = Date.parse('2026-11-26T10:00:00.000Z');

describe('TokenBucket', () => {
  it('allows `limit` requests at once, then answers the wait until one more token has refilled', () => {
    const bucket = new TokenBucket({ limit: 3, windowMs: MINUTE });
    expect([bucket.take('a', t0), bucket.take('a', t0), bucket.take('a', t0)]).toEqual([0, 0, 0]);
    expect(bucket.take('a', t0)).toBe(20_000);
    expect(bucket.waitMs('a', t0 + 5_000)).toBe(15_000);
    expect(bucket.take('a', t0 + 19_999)).toBe(1);
    expect(bucket.take('a', t0 + 20_000)).toBe(0);
    expect(bucket.take('a', t0 + 20_000)).toBe(20_000);
  });

  it('refills to the limit and no further', () => {
    const bucket = new TokenBucket({ limit: 2, windowMs: MINUTE });
    bucket.take('a', t0);
    bucket.take('a', t0);
    const later = t0 + 10 * MINUTE;
    expect([bucket.take('a', later), bucket.take('a', later)]).toEqual([0, 0]);
    expect(bucket.take('a', later)).toBeGreaterThan(0);
  });

  it('keeps each key apart', () => {
    const bucket = new TokenBucket({ limit: 1, windowMs: MINUTE });
    expect(bucket.take('a', t0)).toBe(0);
    expect(bucket.take('a', t0)).toBe(MINUTE);
    expect(bucket.take('b', t0)).toBe(0);
  });

  it('spends nothing when refusing, and nothing when asked for the wait', () => {
    const bucket = new TokenBucket({ limit: 1, windowMs: MINUTE });
    expect(bucket.waitMs('a', t0)).toBe(0);
    expect(bucket.size).toBe(0);
    bucket.take('a', t0);
    for (let i = 0; i < 5; i++) bucket.take('a', t0 + 1_000);
    // The refusals did not push the refill back: one minute after the spend the key has its token again.
    expect(bucket.take('a', t0 + MINUTE)).toBe(0);
  });

  it('refills nothing when the clock moves backwards', () => {
    const bucket = new TokenBucket({ limit: 1, windowMs: MINUTE });
    bucket.take('a', t0);
    expect(bucket.take('a', t0 - MINUTE)).toBe(MINUTE);
  });

  it('remembers at most maxKeys keys, forgetting the least recently used first', () => {
    const bucket = new TokenBucket({ limit: 1, windowMs: MINUTE, maxKeys: 2 });
    bucket.take('a', t0);
    bucket.take('b', t0);
    bucket.take('a', t0 + 1); // refused, a stays oldest
    bucket.take('c', t0);
    expect(bucket.size).toBe(2);
    expect(bucket.waitMs('a', t0)).toBe(0); // forgotten: forgiven
    expect(bucket.waitMs('b', t0)).toBeGreaterThan(0);
    expect(bucket.waitMs('c', t0)).toBeGreaterThan(0);
  });

  it('refuses settings that could never allow a request', () => {
    expect(() => new TokenBucket({ limit: 0, windowMs: MINUTE })).toThrow(RangeError);
    expect(() => new TokenBucket({ limit: 1, windowMs: 0 })).toThrow(RangeError);
  });
});
