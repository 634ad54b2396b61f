import type { StoredTask } from './model';
import { shortName } from './resource-names';

/** Headers a task cannot set: Cloud Tasks sets or strips them. */
const RESERVED = /^(host|content-length|user-agent|x-google-.*|x-appengine-.*|x-cloudtasks-.*)$/i;

/**
 * The request headers of one attempt: the task's own, then what Cloud Tasks adds. `retryCount` is the number
 * of earlier attempts; the execution count leaves out 503 answers, as Cloud Tasks does.
 */
export function attemptHeaders(
  task: StoredTask,
  retryCount: number,
  authorization: string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(task.http.headers)) if (!RESERVED.test(key)) headers[key] = value;
  const hasContentType = Object.keys(headers).some((key) => key.toLowerCase() === 'content-type');
  if (task.http.body.length > 0 && !hasContentType) headers['Content-Type'] = 'application/octet-stream';
  if (authorization !== undefined) {
    for (const key of Object.keys(headers)) if (key.toLowerCase() === 'authorization') delete headers[key];
    headers.Authorization = authorization;
  }
  headers['User-Agent'] = 'Google-Cloud-Tasks';
  headers['X-CloudTasks-QueueName'] = shortName(task.queueName);
  headers['X-CloudTasks-TaskName'] = shortName(task.name);
  headers['X-CloudTasks-TaskRetryCount'] = String(retryCount);
  headers['X-CloudTasks-TaskExecutionCount'] = String(task.executionCount);
  headers['X-CloudTasks-TaskETA'] = (task.scheduleTimeMs / 1_000).toFixed(6);
  if (task.previousResponse !== undefined) headers['X-CloudTasks-TaskPreviousResponse'] = String(task.previousResponse);
  return headers;
}
