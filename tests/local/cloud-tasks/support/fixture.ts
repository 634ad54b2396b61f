import { createCloudTasksClient, parseEndpoint } from '../../../../src/dispatch';
import type { CloudTasksClient, protos } from '../../../../src/dispatch/tasks-module';
import {
  startLocalCloudTasks,
  type LocalCloudTasksOptions,
  type RunningLocalCloudTasks,
} from '../../../../src/local/cloud-tasks';
import { record, type EventLog } from './events';
import { Receiver } from './receiver';

export const PROJECT = 'convergence-local';
export const LOCATION = 'local';
export const PARENT = `projects/${PROJECT}/locations/${LOCATION}`;

type Queue = protos.google.cloud.tasks.v2.IQueue;
type Task = protos.google.cloud.tasks.v2.ITask;

/** A running local server, the real client pointed at it, an HTTP receiver for the tasks, and the server's event log. */
export interface Fixture {
  readonly server: RunningLocalCloudTasks;
  readonly client: CloudTasksClient;
  readonly receiver: Receiver;
  readonly events: EventLog;
  /** Creates a queue with the given settings (seconds for backoffs) and answers its name. */
  createQueue(id: string, queue?: Omit<Queue, 'name'>): Promise<string>;
  /** Creates an HTTP task POSTing `body` to the receiver's `path`. */
  createTask(
    queueName: string,
    task: {
      readonly id?: string;
      readonly body?: string;
      readonly path?: string;
      readonly scheduleTime?: Date;
      readonly deadlineMs?: number;
      readonly extra?: Partial<Task>;
    },
  ): Promise<Task>;
  stop(): Promise<void>;
}

export const TIMEOUT = { timeout: 5_000 };

export async function startFixture(options: LocalCloudTasksOptions = {}): Promise<Fixture> {
  const server = await startLocalCloudTasks(options);
  const client = createCloudTasksClient({ endpoint: parseEndpoint(server.address) });
  const receiver = await Receiver.start();
  const events = record(server);
  return {
    server,
    client,
    receiver,
    events,
    async createQueue(id, queue = {}) {
      const name = `${PARENT}/queues/${id}`;
      await client.createQueue({ parent: PARENT, queue: { ...queue, name } }, TIMEOUT);
      return name;
    },
    async createTask(queueName, spec) {
      const scheduleTime = spec.scheduleTime
        ? { seconds: Math.floor(spec.scheduleTime.getTime() / 1000), nanos: (spec.scheduleTime.getTime() % 1000) * 1e6 }
        : undefined;
      const [task] = await client.createTask(
        {
          parent: queueName,
          task: {
            ...(spec.id ? { name: `${queueName}/tasks/${spec.id}` } : {}),
            httpRequest: {
              url: `${receiver.url}${spec.path ?? '/work'}`,
              httpMethod: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: Buffer.from(spec.body ?? '{}'),
            },
            ...(scheduleTime ? { scheduleTime } : {}),
            ...(spec.deadlineMs !== undefined
              ? {
                  dispatchDeadline: {
                    seconds: Math.floor(spec.deadlineMs / 1000),
                    nanos: (spec.deadlineMs % 1000) * 1e6,
                  },
                }
              : {}),
            ...spec.extra,
          },
        },
        TIMEOUT,
      );
      return task;
    },
    async stop() {
      events.stop();
      await client.close();
      await server.stop();
      await receiver.close();
    },
  };
}

/** Backoffs small enough for tests; each retry still waits at least `minMs`. */
export function fastRetries(maxAttempts: number, minMs = 20, maxMs = 200): Queue['retryConfig'] {
  return {
    maxAttempts,
    minBackoff: { seconds: 0, nanos: minMs * 1e6 },
    maxBackoff: { seconds: Math.floor(maxMs / 1000), nanos: (maxMs % 1000) * 1e6 },
    maxDoublings: 2,
  };
}

/** Milliseconds of a Timestamp as the client returns it (int64 seconds as a string). */
export function msOf(timestamp: protos.google.protobuf.ITimestamp | null | undefined): number {
  return Number(timestamp?.seconds ?? 0) * 1000 + Math.floor((timestamp?.nanos ?? 0) / 1e6);
}
