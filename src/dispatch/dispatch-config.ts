/** What the Cloud Tasks adapter needs to know: where the queue is, where tasks go, and how they authenticate. */

/** Cloud Tasks sends a Google-signed OIDC token of this service account (production). */
export interface OidcDispatchAuth {
  readonly mode: 'oidc';
  readonly serviceAccountEmail: string;
  /** The token's `aud`; the service checks it (CONVERGENCE_OIDC_AUDIENCE). */
  readonly audience: string;
}

/** The task carries `Authorization: Bearer <token>` itself (local runs: CONVERGENCE_SERVICE_TOKEN). */
export interface SharedSecretDispatchAuth {
  readonly mode: 'shared-secret';
  readonly token: string;
}

export type DispatchAuth = OidcDispatchAuth | SharedSecretDispatchAuth;

/** Queue-level retry settings (Cloud Tasks RetryConfig); retries are per queue, never per task. */
export interface QueueRetrySettings {
  /** Attempts per task including the first; -1 is unlimited. */
  readonly maxAttempts: number;
  readonly minBackoffSeconds: number;
  readonly maxBackoffSeconds: number;
  /** The interval doubles this many times, then grows linearly (proto3 cannot carry 0: it would mean "default"). */
  readonly maxDoublings: number;
  /** 0: no age limit (then maxAttempts alone decides). */
  readonly maxRetryDurationSeconds: number;
}

export interface QueueRateLimits {
  /** At most 500 on Cloud Tasks. */
  readonly maxDispatchesPerSecond: number;
  /** At most 5,000 on Cloud Tasks. */
  readonly maxConcurrentDispatches: number;
}

export interface QueueSettings {
  readonly retry: QueueRetrySettings;
  readonly rateLimits: QueueRateLimits;
}

export interface DispatchConfig {
  readonly projectId: string;
  readonly location: string;
  /** Queue id (the last segment of its name). */
  readonly queue: string;
  /** Base URL of the service; tasks POST to `{serviceUrl}/tasks/runs/execute`. */
  readonly serviceUrl: string;
  readonly auth: DispatchAuth;
  /** How long Cloud Tasks waits for the executor's answer before counting the attempt as failed (15–1800 s). */
  readonly dispatchDeadlineSeconds: number;
  /** Budget of one API call (CreateTask, DeleteTask, GetQueue, CreateQueue). */
  readonly requestTimeoutMs: number;
  readonly queueSettings: QueueSettings;
}

/** The executor route tasks are sent to (DESIGN §1). */
export const EXECUTE_RUN_PATH = '/tasks/runs/execute';

export const DEFAULT_DISPATCH_DEADLINE_SECONDS = 600;
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Runs are idempotent and resume after their last finished step, so a failed delivery is retried for a while
 * with growing gaps; the sweeper re-dispatches anything that falls through.
 */
export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  retry: {
    maxAttempts: 10,
    minBackoffSeconds: 10,
    maxBackoffSeconds: 600,
    maxDoublings: 5,
    maxRetryDurationSeconds: 0,
  },
  rateLimits: { maxDispatchesPerSecond: 10, maxConcurrentDispatches: 100 },
};

export function queuePath(config: Pick<DispatchConfig, 'projectId' | 'location' | 'queue'>): string {
  return `projects/${config.projectId}/locations/${config.location}/queues/${config.queue}`;
}

export function locationPath(config: Pick<DispatchConfig, 'projectId' | 'location'>): string {
  return `projects/${config.projectId}/locations/${config.location}`;
}

export function executeRunUrl(config: Pick<DispatchConfig, 'serviceUrl'>): string {
  return `${config.serviceUrl.replace(/\/+$/, '')}${EXECUTE_RUN_PATH}`;
}
