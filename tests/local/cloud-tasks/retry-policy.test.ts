import type { QueueConfig } from '../../../src/local/cloud-tasks/model';
import { backoffMs, retriesExhausted } from '../../../src/local/cloud-tasks/retry-policy';
import { TokenBucket } from '../../../src/local/cloud-tasks/token-bucket';

const config = (overrides: Partial<QueueConfig>): QueueConfig => ({
  maxDispatchesPerSecond: 500,
  maxBurstSize: 100,
  maxConcurrentDispatches: 1000,
  maxAttempts: 100,
  maxRetryDurationMs: 0,
  minBackoffMs: 100,
  maxBackoffMs: 3_600_000,
  maxDoublings: 16,
  ...overrides,
});

describe('retry policy', () => {
  it('doubles max_doublings times, then grows linearly, capped at max_backoff (the documented example)', () => {
    const documented = config({ minBackoffMs: 10_000, maxBackoffMs: 300_000, maxDoublings: 3 });
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((retry) => backoffMs(documented, retry) / 1000)).toEqual([
      10, 20, 40, 80, 160, 240, 300, 300,
    ]);
  });

  it('does not double at all with max_doublings 0', () => {
    const flat = config({ minBackoffMs: 1_000, maxBackoffMs: 10_000, maxDoublings: 0 });
    expect([1, 2, 3].map((retry) => backoffMs(flat, retry))).toEqual([1_000, 2_000, 3_000]);
  });

  it('gives up after max_attempts, never with -1, and only once max_retry_duration has also passed', () => {
    expect(retriesExhausted(config({ maxAttempts: 3 }), 2, 0, 0)).toBe(false);
    expect(retriesExhausted(config({ maxAttempts: 3 }), 3, 0, 0)).toBe(true);
    expect(retriesExhausted(config({ maxAttempts: -1 }), 1_000, 0, 10 ** 9)).toBe(false);
    const aged = config({ maxAttempts: 3, maxRetryDurationMs: 60_000 });
    expect(retriesExhausted(aged, 5, 0, 59_999)).toBe(false);
    expect(retriesExhausted(aged, 5, 0, 60_000)).toBe(true);
    expect(retriesExhausted(aged, 2, 0, 120_000)).toBe(false);
  });
});

describe('token bucket', () => {
  it('allows a burst of its capacity, then one token per 1/rate seconds', () => {
    const bucket = new TokenBucket(5, 2, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, false]);
    expect(bucket.msUntilToken(0)).toBe(200);
    expect(bucket.take(199)).toBe(false);
    expect(bucket.take(200)).toBe(true);
  });

  it('never holds more than its capacity however long it waits', () => {
    const bucket = new TokenBucket(10, 3, 0);
    for (let index = 0; index < 3; index += 1) bucket.take(0);
    expect([bucket.take(60_000), bucket.take(60_000), bucket.take(60_000), bucket.take(60_000)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});
