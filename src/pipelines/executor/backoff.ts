/** Exponential backoff between step attempts (pure): initial × multiplierⁿ⁻¹, capped. No jitter: job ids and
 * tests stay deterministic, and steps of one run rarely retry in lock-step. */

export interface BackoffPolicy {
  readonly initial_seconds: number;
  readonly multiplier: number;
  readonly max_seconds: number;
}

export interface RetryPolicy {
  readonly attempts: number;
  readonly backoff: BackoffPolicy;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initial_seconds: 5, multiplier: 2, max_seconds: 300 };
export const DEFAULT_RETRY: RetryPolicy = { attempts: 1, backoff: DEFAULT_BACKOFF };

/** Milliseconds to wait after the failed attempt `attempt` (1-based) before the next one. */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy): number {
  const exponent = Math.max(0, attempt - 1);
  const seconds = Math.min(policy.max_seconds, policy.initial_seconds * policy.multiplier ** exponent);
  return Math.round(seconds * 1000);
}
