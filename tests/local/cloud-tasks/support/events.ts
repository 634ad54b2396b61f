import type { LocalCloudTasksEvent, RunningLocalCloudTasks } from '../../../../src/local/cloud-tasks';
import { withinMs } from './deadline';

/** Everything a server reported since `record` was called, and a way to wait for a particular report. */
export interface EventLog {
  readonly events: LocalCloudTasksEvent[];
  waitFor<T extends LocalCloudTasksEvent['type']>(
    type: T,
    task: string,
    timeoutMs?: number,
  ): Promise<Extract<LocalCloudTasksEvent, { type: T }>>;
  ofTask(task: string): LocalCloudTasksEvent[];
  stop(): void;
}

export function record(server: RunningLocalCloudTasks): EventLog {
  const events: LocalCloudTasksEvent[] = [];
  const waiters = new Set<{
    readonly matches: (event: LocalCloudTasksEvent) => boolean;
    readonly resolve: (event: LocalCloudTasksEvent) => void;
  }>();
  const unsubscribe = server.subscribe((event) => {
    events.push(event);
    for (const waiter of [...waiters]) {
      if (!waiter.matches(event)) continue;
      waiters.delete(waiter);
      waiter.resolve(event);
    }
  });
  return {
    events,
    ofTask: (task) => events.filter((event) => event.task === task),
    waitFor: (type, task, timeoutMs = 10_000) => {
      const matches = (event: LocalCloudTasksEvent) => event.type === type && event.task === task;
      const seen = events.find(matches);
      if (seen) return Promise.resolve(seen as never);
      const arrived = new Promise<LocalCloudTasksEvent>((resolve) => waiters.add({ matches, resolve }));
      return withinMs(arrived, timeoutMs, `${type} of ${task}`) as never;
    },
    stop: unsubscribe,
  };
}
