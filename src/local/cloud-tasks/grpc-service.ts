import * as grpc from '@grpc/grpc-js';
import { GRPC_STATUS, LocalCloudTasksError } from './errors';
import type { LocalCloudTasks } from './local-cloud-tasks';
import { wireOfQueue } from './queue-config';
import { wireOfTask } from './task-view';
import {
  CreateQueueRequest,
  CreateTaskRequest,
  GetQueueRequest,
  ListTasksRequest,
  TaskRequest,
  decodeRequest,
} from './wire-codecs';

type Handler = grpc.handleUnaryCall<unknown, unknown>;

/** Runs one call: any LocalCloudTasksError becomes its gRPC status, anything else INTERNAL. */
function unary(operation: (request: unknown) => unknown): Handler {
  return (call, callback) => {
    try {
      callback(null, operation(call.request));
    } catch (error) {
      const known = error instanceof LocalCloudTasksError;
      callback({
        code: known ? GRPC_STATUS[error.code] : grpc.status.INTERNAL,
        details: error instanceof Error ? error.message : String(error),
        metadata: new grpc.Metadata(),
      } as grpc.ServiceError);
    }
  };
}

/**
 * The CloudTasks methods the service uses. The others (ListQueues, UpdateQueue, DeleteQueue, PurgeQueue,
 * PauseQueue, ResumeQueue and the IAM calls) are left out, so grpc-js answers them UNIMPLEMENTED.
 */
export function cloudTasksHandlers(state: LocalCloudTasks): grpc.UntypedServiceImplementation {
  return {
    CreateQueue: unary((raw) => {
      const request = decodeRequest(CreateQueueRequest, raw);
      const runner = state.createQueue(request.parent, request.queue);
      return wireOfQueue(runner.queue.name, runner.queue.config);
    }),
    GetQueue: unary((raw) => {
      const runner = state.getQueue(decodeRequest(GetQueueRequest, raw).name);
      return wireOfQueue(runner.queue.name, runner.queue.config);
    }),
    CreateTask: unary((raw) => {
      const request = decodeRequest(CreateTaskRequest, raw);
      return wireOfTask(state.createTask(request.parent, request.task), request.responseView);
    }),
    GetTask: unary((raw) => {
      const request = decodeRequest(TaskRequest, raw);
      return wireOfTask(state.getTask(request.name), request.responseView);
    }),
    ListTasks: unary((raw) => {
      const request = decodeRequest(ListTasksRequest, raw);
      const page = state.listTasks(request.parent, request.pageSize, request.pageToken);
      return {
        tasks: page.tasks.map((task) => wireOfTask(task, request.responseView)),
        nextPageToken: page.nextPageToken,
      };
    }),
    DeleteTask: unary((raw) => {
      state.deleteTask(decodeRequest(TaskRequest, raw).name);
      return {};
    }),
    RunTask: unary((raw) => {
      const request = decodeRequest(TaskRequest, raw);
      return wireOfTask(state.runTask(request.name), request.responseView);
    }),
  };
}
