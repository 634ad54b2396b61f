export interface TokenBucketSettings {
  /** Requests allowed at once (the bucket's size), and per `windowMs` once that burst is spent. */
  readonly limit: number;
  readonly windowMs: number;
  /**
   * Keys remembered at most: beyond it the least recently used key is forgotten, which only forgives it, so a
   * flood of distinct keys (addresses, ids) costs bounded memory.
   */
  readonly maxKeys?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

const DEFAULT_MAX_KEYS = 100_000;

/**
 * A token bucket per key, in memory, on a clock the caller passes (milliseconds), so tests move time instead of
 * waiting. A key refills continuously at `limit` per `windowMs` up to `limit`; each request spends one token.
 */
export class TokenBucket {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxKeys: number;

  constructor(private readonly settings: TokenBucketSettings) {
    if (!(settings.limit >= 1) || !(settings.windowMs > 0)) {
      throw new RangeError('a token bucket needs limit >= 1 and windowMs > 0');
    }
    this.maxKeys = settings.maxKeys ?? DEFAULT_MAX_KEYS;
  }

  /** Milliseconds until `key` has a token to spend (0: it has one now). Spends nothing. */
  waitMs(key: string, nowMs: number): number {
    const tokens = this.tokensAt(key, nowMs);
    if (tokens >= 1) return 0;
    return Math.ceil(((1 - tokens) * this.settings.windowMs) / this.settings.limit);
  }

  /** Spends one of `key`'s tokens when it has one and answers 0; otherwise spends nothing and answers the wait. */
  take(key: string, nowMs: number): number {
    const wait = this.waitMs(key, nowMs);
    if (wait > 0) return wait;
    const tokens = this.tokensAt(key, nowMs) - 1;
    // Re-inserted so the Map's order is least recently used first.
    this.buckets.delete(key);
    this.buckets.set(key, { tokens, at: nowMs });
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    return 0;
  }

  /** How many keys are remembered (for tests of the memory bound). */
  get size(): number {
    return this.buckets.size;
  }

  private tokensAt(key: string, nowMs: number): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.settings.limit;
    // A clock moved backwards refills nothing (and takes nothing back).
    const elapsed = Math.max(0, nowMs - bucket.at);
    return Math.min(this.settings.limit, bucket.tokens + (elapsed * this.settings.limit) / this.settings.windowMs);
  }
}
