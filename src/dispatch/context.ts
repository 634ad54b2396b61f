import type { CloudTasksClient } from './tasks-module';
import type { DispatchConfig } from './dispatch-config';

/** What every operation of the adapter needs. `now` is injectable for the schedule-time checks. */
export interface DispatchContext {
  readonly client: CloudTasksClient;
  readonly config: DispatchConfig;
  readonly now: () => Date;
}

/**
 * Per-call options: an explicit deadline. google-gax bounds its own retries of idempotent calls (GetQueue,
 * DeleteTask) by it too; CreateTask and CreateQueue are not retried by the client, callers repeat them and the
 * names de-duplicate.
 */
export function callOptions(context: DispatchContext): { readonly timeout: number } {
  return { timeout: context.config.requestTimeoutMs };
}
