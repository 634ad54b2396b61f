import type { Clock } from './clock';
import { LocalCloudTasksError, invalidArgument, notFound } from './errors';
import type { DeliveryAgents } from './http-delivery';
import type { EventListener, StoredTask } from './model';
import { queueConfigOf } from './queue-config';
import { QueueRunner } from './queue-runner';
import { checkLocationName, parseQueueName, parseTaskName } from './resource-names';
import { taskFromRequest, type IntakeLimits } from './task-intake';
import { Tombstones } from './tombstones';
import type { WireQueue, WireTask } from './wire-codecs';

export interface LocalCloudTasksSettings {
  readonly clock: Clock;
  readonly agents: DeliveryAgents;
  readonly limits: IntakeLimits;
  readonly tombstoneWindowMs: number;
  readonly emit: EventListener;
  readonly authorizationFor: (task: StoredTask) => Promise<string | undefined>;
}

const MAX_PAGE_SIZE = 1_000;

/** The server's state and the Cloud Tasks operations on it; the gRPC layer only decodes and encodes. */
export class LocalCloudTasks {
  private readonly queues = new Map<string, QueueRunner>();
  private readonly tombstones: Tombstones;

  constructor(private readonly settings: LocalCloudTasksSettings) {
    this.tombstones = new Tombstones(settings.tombstoneWindowMs);
  }

  createQueue(parent: string, queue: WireQueue | undefined): QueueRunner {
    checkLocationName(parent);
    if (!queue?.name) throw invalidArgument('queue.name is required');
    if (parseQueueName(queue.name).parent !== parent)
      throw invalidArgument(`queue.name ${queue.name} is not under ${parent}`);
    if (this.queues.has(queue.name)) throw new LocalCloudTasksError('ALREADY_EXISTS', 'Queue already exists');
    const runner = new QueueRunner(
      { name: queue.name, config: queueConfigOf(queue) },
      {
        clock: this.settings.clock,
        agents: this.settings.agents,
        emit: this.settings.emit,
        authorizationFor: this.settings.authorizationFor,
        onGone: (task) => this.tombstones.add(task.name, this.settings.clock.now()),
      },
    );
    this.queues.set(queue.name, runner);
    return runner;
  }

  getQueue(name: string): QueueRunner {
    parseQueueName(name);
    const runner = this.queues.get(name);
    if (!runner)
      throw notFound(
        `Queue does not exist. If you just created the queue, wait at least a minute for the queue to initialize.`,
      );
    return runner;
  }

  createTask(parent: string, wire: WireTask | undefined): StoredTask {
    const runner = this.getQueue(parent);
    const now = this.settings.clock.now();
    const task = taskFromRequest(parent, wire, now, this.settings.limits);
    if (runner.has(task.name) || this.tombstones.has(task.name, now)) {
      throw new LocalCloudTasksError(
        'ALREADY_EXISTS',
        'The task cannot be created because a task with this name existed too recently.',
      );
    }
    // The answer shows the task as created, before the queue may already have dispatched it.
    const created = { ...task };
    runner.add(task);
    return created;
  }

  getTask(name: string): StoredTask {
    const { queueName } = parseTaskName(name);
    const task = this.getQueue(queueName).get(name);
    if (!task)
      throw notFound(
        'The task no longer exists, though a task with this name existed recently. The task either successfully completed or was deleted.',
      );
    return task;
  }

  listTasks(
    parent: string,
    pageSize: number | undefined,
    pageToken: string | undefined,
  ): { readonly tasks: StoredTask[]; readonly nextPageToken: string } {
    const runner = this.getQueue(parent);
    const size = pageSize || MAX_PAGE_SIZE;
    if (size < 0 || size > MAX_PAGE_SIZE) throw invalidArgument(`page_size must be between 1 and ${MAX_PAGE_SIZE}`);
    const offset = pageToken ? decodePageToken(pageToken) : 0;
    const all = runner.list();
    const tasks = all.slice(offset, offset + size);
    return { tasks, nextPageToken: offset + size < all.length ? encodePageToken(offset + size) : '' };
  }

  deleteTask(name: string): void {
    const { queueName } = parseTaskName(name);
    const runner = this.getQueue(queueName);
    if (!runner.remove(name))
      throw notFound(
        'The task no longer exists, though a task with this name existed recently. The task either successfully completed or was deleted.',
      );
    this.tombstones.add(name, this.settings.clock.now());
  }

  /** Dispatches now, whatever the schedule, rate limits or concurrency; answers the task as dispatched. */
  runTask(name: string): StoredTask {
    const task = this.getTask(name);
    this.getQueue(task.queueName).runNow(task);
    return task;
  }

  stop(): void {
    for (const runner of this.queues.values()) runner.stop();
  }
}

function encodePageToken(offset: number): string {
  return Buffer.from(`offset:${offset}`, 'utf8').toString('base64url');
}

function decodePageToken(token: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match) throw invalidArgument('page_token is not valid');
  return Number(match[1]);
}
