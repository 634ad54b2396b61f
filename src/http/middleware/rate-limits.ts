import type { Request, RequestHandler } from 'express';
import { TokenBucket } from '../../security';
import { HttpError } from '../http-error';

/** Requests per minute; see docs/security.md. Every limit is per instance (in memory). */
export interface RateLimitSettings {
  readonly tenantPerMinute: number;
  readonly keyPerMinute: number;
  readonly runStartsPerMinute: number;
  readonly tenantCreationsPerMinute: number;
  readonly failedAuthPerMinute: number;
}

/** The original system's limits (100 requests and 50 run starts per tenant, 10 tenant creations a minute). */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  tenantPerMinute: 100,
  // Below the tenant's own, so one runaway key cannot take its tenant's whole budget.
  keyPerMinute: 60,
  runStartsPerMinute: 50,
  tenantCreationsPerMinute: 10,
  failedAuthPerMinute: 20,
};

export type LimitName = 'tenant' | 'api_key' | 'run_starts' | 'tenant_creations' | 'failed_authentications';

export interface RateLimits {
  readonly buckets: Readonly<Record<LimitName, TokenBucket>>;
  readonly now: () => Date;
}

const MINUTE_MS = 60_000;

export function createRateLimits(settings: RateLimitSettings, now: () => Date): RateLimits {
  const perMinute = (limit: number) => new TokenBucket({ limit, windowMs: MINUTE_MS });
  return {
    buckets: {
      tenant: perMinute(settings.tenantPerMinute),
      api_key: perMinute(settings.keyPerMinute),
      run_starts: perMinute(settings.runStartsPerMinute),
      tenant_creations: perMinute(settings.tenantCreationsPerMinute),
      failed_authentications: perMinute(settings.failedAuthPerMinute),
    },
    now,
  };
}

const MESSAGES: Readonly<Record<LimitName, string>> = {
  tenant: 'Too many requests for this tenant',
  api_key: 'Too many requests with this API key',
  run_starts: 'Too many run starts for this tenant',
  tenant_creations: 'Too many tenant creations',
  failed_authentications: 'Too many failed authentications from this address',
};

export function rateLimited(limit: LimitName, waitMs: number): HttpError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const details = { limit, retry_after_seconds: seconds };
  return new HttpError('RATE_LIMITED', `${MESSAGES[limit]}; retry after ${seconds} s`, details, {
    'Retry-After': String(seconds),
  });
}

/**
 * One token from each named bucket, all or none: throws 429 for the limit with the longest wait when any is
 * spent, so a request refused by one limit costs nothing against the others.
 */
export function spendOrRefuse(limits: RateLimits, charges: readonly (readonly [LimitName, string])[]): void {
  const at = limits.now().getTime();
  const waits = charges.map(([limit, key]) => [limit, limits.buckets[limit].waitMs(key, at)] as const);
  const longest = waits.reduce((a, b) => (b[1] > a[1] ? b : a));
  if (longest[1] > 0) throw rateLimited(longest[0], longest[1]);
  for (const [limit, key] of charges) limits.buckets[limit].take(key, at);
}

/**
 * The caller's address as express sees it: behind Cloud Run's front end this is the client only when
 * `trust proxy` counts the proxies in front of the service (CONVERGENCE_TRUST_PROXY_HOPS).
 */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** A route-level limit keyed by something of the request (after authentication). */
export function limitBy(
  limits: RateLimits | undefined,
  limit: LimitName,
  keyOf: (req: Request) => string,
): RequestHandler {
  return (req, _res, next) => {
    if (!limits) return next();
    try {
      spendOrRefuse(limits, [[limit, keyOf(req)]]);
      next();
    } catch (error) {
      next(error);
    }
  };
}
