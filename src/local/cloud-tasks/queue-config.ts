import { invalidArgument } from './errors';
import type { QueueConfig } from './model';
import type { WireQueue } from './wire-codecs';
import { msOfWire, wireOfMs } from './wire-time';

/** What Cloud Tasks picks for fields left unset (proto3: zero is unset) when a queue is created. */
export const QUEUE_DEFAULTS: QueueConfig = {
  maxDispatchesPerSecond: 500,
  maxBurstSize: 100,
  maxConcurrentDispatches: 1_000,
  maxAttempts: 100,
  maxRetryDurationMs: 0,
  minBackoffMs: 100,
  maxBackoffMs: 3_600_000,
  maxDoublings: 16,
};

/**
 * Cloud Tasks derives the burst from the rate without documenting how; one second's worth of tokens, capped at
 * 100 (what it reports for its default rate of 500/s), keeps a slow queue slow and a fast one bursty.
 */
export function burstFor(maxDispatchesPerSecond: number): number {
  return Math.min(100, Math.max(1, Math.ceil(maxDispatchesPerSecond)));
}

/** Validates a CreateQueue queue and fills in Cloud Tasks' defaults. */
export function queueConfigOf(queue: WireQueue): QueueConfig {
  const rate = queue.rateLimits ?? {};
  const retry = queue.retryConfig ?? {};
  const dispatches = rate.maxDispatchesPerSecond || QUEUE_DEFAULTS.maxDispatchesPerSecond;
  if (!(dispatches > 0 && dispatches <= 500))
    throw invalidArgument('rate_limits.max_dispatches_per_second must be in (0, 500]');
  const concurrent = rate.maxConcurrentDispatches || QUEUE_DEFAULTS.maxConcurrentDispatches;
  if (!(Number.isInteger(concurrent) && concurrent >= 1 && concurrent <= 5_000))
    throw invalidArgument('rate_limits.max_concurrent_dispatches must be in [1, 5000]');
  const maxAttempts = retry.maxAttempts || QUEUE_DEFAULTS.maxAttempts;
  if (maxAttempts < -1) throw invalidArgument('retry_config.max_attempts must be >= -1');
  const minBackoffMs = msOfWire(retry.minBackoff) ?? QUEUE_DEFAULTS.minBackoffMs;
  const maxBackoffMs = msOfWire(retry.maxBackoff) ?? QUEUE_DEFAULTS.maxBackoffMs;
  if (minBackoffMs < 0 || maxBackoffMs < 0) throw invalidArgument('retry_config backoffs must not be negative');
  if (minBackoffMs > maxBackoffMs)
    throw invalidArgument('retry_config.min_backoff must not exceed retry_config.max_backoff');
  const maxDoublings = retry.maxDoublings || QUEUE_DEFAULTS.maxDoublings;
  if (maxDoublings < 0) throw invalidArgument('retry_config.max_doublings must not be negative');
  const maxRetryDurationMs = msOfWire(retry.maxRetryDuration) ?? QUEUE_DEFAULTS.maxRetryDurationMs;
  if (maxRetryDurationMs < 0) throw invalidArgument('retry_config.max_retry_duration must not be negative');
  return {
    maxDispatchesPerSecond: dispatches,
    maxBurstSize: burstFor(dispatches),
    maxConcurrentDispatches: concurrent,
    maxAttempts,
    maxRetryDurationMs,
    minBackoffMs,
    maxBackoffMs,
    maxDoublings,
  };
}

export function wireOfQueue(name: string, config: QueueConfig): object {
  return {
    name,
    rateLimits: {
      maxDispatchesPerSecond: config.maxDispatchesPerSecond,
      maxBurstSize: config.maxBurstSize,
      maxConcurrentDispatches: config.maxConcurrentDispatches,
    },
    retryConfig: {
      maxAttempts: config.maxAttempts,
      maxRetryDuration: wireOfMs(config.maxRetryDurationMs),
      minBackoff: wireOfMs(config.minBackoffMs),
      maxBackoff: wireOfMs(config.maxBackoffMs),
      maxDoublings: config.maxDoublings,
    },
    state: 'RUNNING',
  };
}
