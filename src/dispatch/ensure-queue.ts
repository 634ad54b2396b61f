import { status as Status } from '@grpc/grpc-js';
import type { protos } from './tasks-module';
import { callOptions, type DispatchContext } from './context';
import type { EnsureQueueResult } from './dispatcher';
import { locationPath, queuePath, type QueueSettings } from './dispatch-config';
import { grpcCodeOf, toDispatchError } from './errors';
import { durationOfSeconds, secondsOfDuration } from './proto-time';

type Queue = protos.google.cloud.tasks.v2.IQueue;

/** The queue resource with explicit retry and rate settings: nothing is left to Cloud Tasks' defaults. */
export function queueResource(name: string, settings: QueueSettings): Queue {
  const { retry, rateLimits } = settings;
  return {
    name,
    retryConfig: {
      maxAttempts: retry.maxAttempts,
      minBackoff: durationOfSeconds(retry.minBackoffSeconds),
      maxBackoff: durationOfSeconds(retry.maxBackoffSeconds),
      maxDoublings: retry.maxDoublings,
      maxRetryDuration: durationOfSeconds(retry.maxRetryDurationSeconds),
    },
    rateLimits: {
      maxDispatchesPerSecond: rateLimits.maxDispatchesPerSecond,
      maxConcurrentDispatches: rateLimits.maxConcurrentDispatches,
    },
  };
}

/** Names of the settings in which an existing queue differs from the configured ones. */
export function queueMismatches(queue: Queue, settings: QueueSettings): string[] {
  const retry = queue.retryConfig ?? {};
  const rate = queue.rateLimits ?? {};
  const differs = (actual: number, expected: number) => Math.abs(actual - expected) > 1e-6;
  const checks: Array<[string, number, number]> = [
    ['retryConfig.maxAttempts', Number(retry.maxAttempts ?? 0), settings.retry.maxAttempts],
    ['retryConfig.minBackoff', secondsOfDuration(retry.minBackoff), settings.retry.minBackoffSeconds],
    ['retryConfig.maxBackoff', secondsOfDuration(retry.maxBackoff), settings.retry.maxBackoffSeconds],
    ['retryConfig.maxDoublings', Number(retry.maxDoublings ?? 0), settings.retry.maxDoublings],
    ['retryConfig.maxRetryDuration', secondsOfDuration(retry.maxRetryDuration), settings.retry.maxRetryDurationSeconds],
    [
      'rateLimits.maxDispatchesPerSecond',
      Number(rate.maxDispatchesPerSecond ?? 0),
      settings.rateLimits.maxDispatchesPerSecond,
    ],
    [
      'rateLimits.maxConcurrentDispatches',
      Number(rate.maxConcurrentDispatches ?? 0),
      settings.rateLimits.maxConcurrentDispatches,
    ],
  ];
  return checks.filter(([, actual, expected]) => differs(actual, expected)).map(([field]) => field);
}

/**
 * Creates the configured queue when it is missing. An existing queue is left as it is (changing a live queue's
 * retry or rate settings is an operator's decision); its differences are reported for a start-up warning.
 */
export async function ensureQueue(context: DispatchContext): Promise<EnsureQueueResult> {
  const name = queuePath(context.config);
  const settings = context.config.queueSettings;
  const existing = await getQueue(context, name);
  if (existing) return { queueName: name, created: false, mismatches: queueMismatches(existing, settings) };
  try {
    await context.client.createQueue(
      { parent: locationPath(context.config), queue: queueResource(name, settings) },
      callOptions(context),
    );
    return { queueName: name, created: true, mismatches: [] };
  } catch (error) {
    if (grpcCodeOf(error) !== Status.ALREADY_EXISTS) throw toDispatchError(error, 'createQueue', name);
  }
  // Another instance created it between our two calls.
  const raced = await getQueue(context, name);
  return { queueName: name, created: false, mismatches: raced ? queueMismatches(raced, settings) : [] };
}

async function getQueue(context: DispatchContext, name: string): Promise<Queue | undefined> {
  try {
    const [queue] = await context.client.getQueue({ name }, callOptions(context));
    return queue;
  } catch (error) {
    if (grpcCodeOf(error) === Status.NOT_FOUND) return undefined;
    throw toDispatchError(error, 'getQueue', name);
  }
}
