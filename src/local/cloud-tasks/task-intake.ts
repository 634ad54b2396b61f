import { LocalCloudTasksError, invalidArgument } from './errors';
import type { HttpMethod, HttpTarget, StoredTask } from './model';
import { generatedTaskId, parseTaskName } from './resource-names';
import type { WireHttpRequest, WireTask } from './wire-codecs';
import { msOfWire } from './wire-time';

export interface IntakeLimits {
  /** Cloud Tasks accepts dispatch deadlines from 15 s to 30 min for HTTP tasks; tests may lower the floor. */
  readonly minDispatchDeadlineMs: number;
  readonly maxDispatchDeadlineMs: number;
}

export const DEFAULT_DISPATCH_DEADLINE_MS = 10 * 60_000;
const MAX_SCHEDULE_AHEAD_MS = 30 * 24 * 3_600_000;
/** Cloud Tasks' limit on a task's size. */
const MAX_TASK_BYTES = 1024 * 1024;
const METHODS: ReadonlySet<string> = new Set(['POST', 'GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);
const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

/** Validates a CreateTask task as Cloud Tasks does and makes the stored record. */
export function taskFromRequest(
  queueName: string,
  wire: WireTask | undefined,
  now: number,
  limits: IntakeLimits,
): StoredTask {
  if (!wire) throw invalidArgument('task is required');
  if (wire.appEngineHttpRequest !== undefined)
    throw new LocalCloudTasksError(
      'UNIMPLEMENTED',
      'App Engine tasks are not supported by the local Cloud Tasks server',
    );
  if (!wire.httpRequest) throw invalidArgument('task.http_request is required');
  const name = wire.name ? checkedName(queueName, wire.name) : `${queueName}/tasks/${generatedTaskId()}`;
  const http = httpTargetOf(wire.httpRequest);
  const requestedSchedule = msOfWire(wire.scheduleTime);
  if (requestedSchedule !== undefined && requestedSchedule - now > MAX_SCHEDULE_AHEAD_MS)
    throw invalidArgument('task.schedule_time must be less than 30 days in the future');
  const deadline = msOfWire(wire.dispatchDeadline) || DEFAULT_DISPATCH_DEADLINE_MS;
  if (deadline < limits.minDispatchDeadlineMs || deadline > limits.maxDispatchDeadlineMs) {
    throw invalidArgument(
      `task.dispatch_deadline must be between ${limits.minDispatchDeadlineMs / 1000}s and ${limits.maxDispatchDeadlineMs / 1000}s`,
    );
  }
  return {
    name,
    queueName,
    http,
    createTimeMs: now,
    dispatchDeadlineMs: deadline,
    // Unset or past: now.
    scheduleTimeMs: Math.max(now, requestedSchedule ?? now),
    dispatchCount: 0,
    responseCount: 0,
    executionCount: 0,
    activeAttempts: 0,
  };
}

function checkedName(queueName: string, name: string): string {
  const parsed = parseTaskName(name);
  if (parsed.queueName !== queueName) throw invalidArgument(`task.name ${name} is not in queue ${queueName}`);
  return name;
}

function httpTargetOf(request: WireHttpRequest): HttpTarget {
  const url = request.url ?? '';
  if (!isHttpUrl(url) || url.length > 2083)
    throw invalidArgument('http_request.url must be an absolute http:// or https:// URL of at most 2083 characters');
  const method = !request.httpMethod || request.httpMethod === 'HTTP_METHOD_UNSPECIFIED' ? 'POST' : request.httpMethod;
  if (!METHODS.has(method)) throw invalidArgument(`http_request.http_method ${method} is not supported`);
  const body = request.body ?? Buffer.alloc(0);
  if (body.length > 0 && !BODY_METHODS.has(method))
    throw invalidArgument('http_request.body is allowed only with POST, PUT or PATCH');
  const headers = { ...request.headers };
  const size =
    body.length +
    url.length +
    Object.entries(headers).reduce((sum, [key, value]) => sum + key.length + value.length, 0);
  if (size > MAX_TASK_BYTES) throw invalidArgument('Task size too large: at most 1 MiB');
  if (request.oidcToken && request.oauthToken)
    throw invalidArgument('http_request may set oidc_token or oauth_token, not both');
  const oidc = request.oidcToken;
  if (oidc && !oidc.serviceAccountEmail)
    throw invalidArgument('http_request.oidc_token.service_account_email is required');
  const oauth = request.oauthToken;
  if (oauth && !oauth.serviceAccountEmail)
    throw invalidArgument('http_request.oauth_token.service_account_email is required');
  return {
    url,
    method: method as HttpMethod,
    headers,
    body,
    // Without an audience Cloud Tasks uses the target URL.
    ...(oidc
      ? { oidcToken: { serviceAccountEmail: oidc.serviceAccountEmail as string, audience: oidc.audience || url } }
      : {}),
    ...(oauth
      ? {
          oauthToken: {
            serviceAccountEmail: oauth.serviceAccountEmail as string,
            scope: oauth.scope || 'https://www.googleapis.com/auth/cloud-platform',
          },
        }
      : {}),
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
