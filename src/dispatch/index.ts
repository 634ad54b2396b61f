export type {
  CancelDispatchRequest,
  CancelDispatchResult,
  DispatchRunRequest,
  DispatchRunResult,
  Dispatcher,
  EnsureQueueResult,
} from './dispatcher';
export {
  DEFAULT_DISPATCH_DEADLINE_SECONDS,
  DEFAULT_QUEUE_SETTINGS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  EXECUTE_RUN_PATH,
  executeRunUrl,
  queuePath,
  type DispatchAuth,
  type DispatchConfig,
  type QueueRateLimits,
  type QueueRetrySettings,
  type QueueSettings,
} from './dispatch-config';
export { decodeDispatchConfig } from './decode-dispatch-config';
export { DispatchError, type DispatchErrorCode } from './errors';
export {
  createCloudTasksClient,
  parseEndpoint,
  type CloudTasksClientOptions,
  type CloudTasksEndpoint,
} from './cloud-tasks-client';
export { createCloudTasksDispatcher, type CloudTasksDispatcherOptions } from './cloud-tasks-dispatcher';
export { runTaskId, runTaskPath, TASK_ID_PATTERN } from './build-run-task';
export { decodeRunTaskPayload, encodeRunTaskPayload, RunTaskPayload } from './run-task-payload';
