import type { protos } from './tasks-module';
import { RUN_ID_PATTERN, runTaskName } from '../domain/run/ids';
import { TENANT_ID_PATTERN } from '../domain/tenant-id';
import type { DispatchRunRequest } from './dispatcher';
import { executeRunUrl, queuePath, type DispatchConfig } from './dispatch-config';
import { DispatchError } from './errors';
import { durationOfSeconds, timestampOf } from './proto-time';
import { encodeRunTaskPayload } from './run-task-payload';

/** Cloud Tasks task ids: letters, digits, hyphens and underscores, at most 500 characters. */
export const TASK_ID_PATTERN = /^[A-Za-z0-9_-]{1,500}$/;

/** Cloud Tasks refuses schedule times more than 30 days ahead. */
const MAX_SCHEDULE_AHEAD_MS = 30 * 24 * 3_600 * 1_000;

export function runTaskId(runId: string, generation: number): string {
  if (!RUN_ID_PATTERN.test(runId))
    throw new DispatchError('INVALID_REQUEST', `not a run id: ${JSON.stringify(runId.slice(0, 80))}`, {
      field: 'runId',
    });
  if (!Number.isInteger(generation) || generation < 1)
    throw new DispatchError('INVALID_REQUEST', `generation must be an integer ≥ 1, got ${generation}`, {
      field: 'generation',
    });
  const taskId = runTaskName(runId, generation);
  if (!TASK_ID_PATTERN.test(taskId))
    throw new DispatchError('INVALID_REQUEST', `run ${runId} does not make a valid task id`, { field: 'runId' });
  return taskId;
}

export function runTaskPath(config: DispatchConfig, taskId: string): string {
  return `${queuePath(config)}/tasks/${taskId}`;
}

/** The one HTTP task of a run dispatch: POST of the ids to the executor, authenticated per configuration. */
export function buildRunTask(
  config: DispatchConfig,
  request: DispatchRunRequest,
  now: Date,
): { readonly taskId: string; readonly task: protos.google.cloud.tasks.v2.ITask } {
  if (!TENANT_ID_PATTERN.test(request.tenantId))
    throw new DispatchError('INVALID_REQUEST', 'not a tenant id', { field: 'tenantId' });
  const taskId = runTaskId(request.runId, request.generation);
  const schedule = request.scheduleTime;
  if (schedule !== undefined) {
    if (Number.isNaN(schedule.getTime()))
      throw new DispatchError('INVALID_REQUEST', 'scheduleTime is not a valid date', { field: 'scheduleTime' });
    if (schedule.getTime() - now.getTime() > MAX_SCHEDULE_AHEAD_MS)
      throw new DispatchError('INVALID_REQUEST', 'scheduleTime is more than 30 days ahead', { field: 'scheduleTime' });
  }
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (config.auth.mode === 'shared-secret') headers.Authorization = `Bearer ${config.auth.token}`;
  // The run's execution logs under the trace of the request that dispatched it (a trigger pass, a manual run).
  if (request.traceparent !== undefined) headers.traceparent = request.traceparent;
  const httpRequest: protos.google.cloud.tasks.v2.IHttpRequest = {
    url: executeRunUrl(config),
    httpMethod: 'POST',
    headers,
    body: encodeRunTaskPayload({ run_id: request.runId, tenant_id: request.tenantId, generation: request.generation }),
    ...(config.auth.mode === 'oidc'
      ? { oidcToken: { serviceAccountEmail: config.auth.serviceAccountEmail, audience: config.auth.audience } }
      : {}),
  };
  return {
    taskId,
    task: {
      name: runTaskPath(config, taskId),
      httpRequest,
      dispatchDeadline: durationOfSeconds(config.dispatchDeadlineSeconds),
      ...(schedule !== undefined ? { scheduleTime: timestampOf(schedule) } : {}),
    },
  };
}
