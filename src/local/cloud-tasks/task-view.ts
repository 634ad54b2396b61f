import type { AttemptRecord, StoredTask } from './model';
import type { View } from './wire-codecs';
import { wireOfMs } from './wire-time';

/**
 * A task as Cloud Tasks returns it. BASIC (the default) leaves out the body, which can be large or sensitive;
 * FULL includes it. Of the first attempt only the dispatch time is kept, as in Cloud Tasks. No view carries
 * an Authorization header: it holds the service token locally, and Cloud Tasks never returns the bearer token
 * it dispatches with either (an OIDC token is minted per attempt). Dispatch still sends it.
 */
export function wireOfTask(task: StoredTask, view: View | undefined): object {
  const full = view === 'FULL';
  const { http } = task;
  return {
    name: task.name,
    httpRequest: {
      url: http.url,
      httpMethod: http.method,
      headers: withoutAuthorization(http.headers),
      ...(full && http.body.length > 0 ? { body: http.body } : {}),
      ...(http.oidcToken ? { oidcToken: http.oidcToken } : {}),
      ...(http.oauthToken ? { oauthToken: http.oauthToken } : {}),
    },
    scheduleTime: wireOfMs(task.scheduleTimeMs),
    createTime: wireOfMs(task.createTimeMs),
    dispatchDeadline: wireOfMs(task.dispatchDeadlineMs),
    dispatchCount: task.dispatchCount,
    responseCount: task.responseCount,
    ...(task.firstAttempt ? { firstAttempt: { dispatchTime: wireOfMs(task.firstAttempt.dispatchTimeMs) } } : {}),
    ...(task.lastAttempt ? { lastAttempt: wireOfAttempt(task.lastAttempt) } : {}),
    view: full ? 'FULL' : 'BASIC',
  };
}

function wireOfAttempt(attempt: AttemptRecord): object {
  return {
    scheduleTime: wireOfMs(attempt.scheduleTimeMs),
    dispatchTime: wireOfMs(attempt.dispatchTimeMs),
    ...(attempt.responseTimeMs !== undefined ? { responseTime: wireOfMs(attempt.responseTimeMs) } : {}),
    ...(attempt.responseStatus ? { responseStatus: attempt.responseStatus } : {}),
  };
}

function withoutAuthorization(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([key]) => key.toLowerCase() !== 'authorization'));
}
