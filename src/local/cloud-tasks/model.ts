/** The server's in-memory records. Times are epoch milliseconds; durations milliseconds. */

export interface QueueConfig {
  readonly maxDispatchesPerSecond: number;
  /** Output only in Cloud Tasks: derived from the rate (see queue-config.ts). */
  readonly maxBurstSize: number;
  readonly maxConcurrentDispatches: number;
  /** -1: unlimited. */
  readonly maxAttempts: number;
  /** 0: no age limit. */
  readonly maxRetryDurationMs: number;
  readonly minBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly maxDoublings: number;
}

export interface StoredQueue {
  readonly name: string;
  readonly config: QueueConfig;
}

export type HttpMethod = 'POST' | 'GET' | 'HEAD' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS';

export interface HttpTarget {
  readonly url: string;
  readonly method: HttpMethod;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly oidcToken?: { readonly serviceAccountEmail: string; readonly audience: string };
  readonly oauthToken?: { readonly serviceAccountEmail: string; readonly scope: string };
}

/** google.rpc.Status of an attempt's outcome. */
export interface AttemptStatus {
  readonly code: number;
  readonly message: string;
}

export interface AttemptRecord {
  readonly scheduleTimeMs: number;
  readonly dispatchTimeMs: number;
  responseTimeMs?: number;
  responseStatus?: AttemptStatus;
}

export interface StoredTask {
  readonly name: string;
  readonly queueName: string;
  readonly http: HttpTarget;
  readonly createTimeMs: number;
  readonly dispatchDeadlineMs: number;
  scheduleTimeMs: number;
  /** Attempts started (Task.dispatch_count). */
  dispatchCount: number;
  /** Attempts the target answered (Task.response_count). */
  responseCount: number;
  /** Answers other than 503 (X-CloudTasks-TaskExecutionCount). */
  executionCount: number;
  /** HTTP status of the previous answer (X-CloudTasks-TaskPreviousResponse). */
  previousResponse?: number;
  firstAttempt?: AttemptRecord;
  lastAttempt?: AttemptRecord;
  /** Attempts in flight for this task (a RunTask can overlap a scheduled one). */
  activeAttempts: number;
}

/** What the server reports as it works, so tests can wait for an outcome instead of sleeping. */
export type LocalCloudTasksEvent =
  | { readonly type: 'attempt-started'; readonly task: string; readonly attempt: number; readonly at: number }
  | {
      readonly type: 'attempt-finished';
      readonly task: string;
      readonly attempt: number;
      readonly outcome: string;
      readonly at: number;
    }
  | { readonly type: 'task-retry-scheduled'; readonly task: string; readonly retryAt: number }
  | { readonly type: 'task-completed'; readonly task: string; readonly attempts: number }
  | { readonly type: 'task-dropped'; readonly task: string; readonly attempts: number };

export type EventListener = (event: LocalCloudTasksEvent) => void;
