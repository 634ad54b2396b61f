import type { QueueConfig } from './model';

/**
 * Delay before retry number `retry` (1 = the first retry), as Cloud Tasks documents it: min_backoff, doubling
 * max_doublings times, then growing linearly by min_backoff·2^max_doublings, capped at max_backoff
 * (10 s, 300 s, 3 doublings: 10, 20, 40, 80, 160, 240, 300, 300, …).
 */
export function backoffMs(config: QueueConfig, retry: number): number {
  const doublings = Math.min(retry - 1, config.maxDoublings);
  const step = config.minBackoffMs * 2 ** config.maxDoublings;
  const delay =
    retry - 1 <= config.maxDoublings ? config.minBackoffMs * 2 ** doublings : step * (retry - config.maxDoublings);
  return Math.min(delay, config.maxBackoffMs);
}

/**
 * A failed task is dropped once it has been attempted max_attempts times (unless unlimited) *and*, when a
 * max_retry_duration is set, that long has passed since its first attempt.
 */
export function retriesExhausted(config: QueueConfig, attempts: number, firstAttemptMs: number, now: number): boolean {
  const attemptsUsed = config.maxAttempts !== -1 && attempts >= config.maxAttempts;
  const ageReached = config.maxRetryDurationMs === 0 || now - firstAttemptMs >= config.maxRetryDurationMs;
  return attemptsUsed && ageReached;
}
