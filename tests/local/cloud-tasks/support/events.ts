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
  /** The n-th (from 1) report of this type for the task, as soon as it has arrived. */
  waitForNth<T extends LocalCloudTasksEvent['type']>(
    type: T,
    task: string,
    nth: number,
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
  const waitForNth: EventLog['waitForNth'] = (type, task, nth, timeoutMs = 10_000) => {
    const ofTypeAndTask = (event: LocalCloudTasksEvent) => event.type === type && event.task === task;
    const seen = events.filter(ofTypeAndTask);
    if (seen.length >= nth) return Promise.resolve(seen[nth - 1] as never);
    let remaining = nth - seen.length;
    const matches = (event: LocalCloudTasksEvent) => ofTypeAndTask(event) && --remaining === 0;
    const arrived = new Promise<LocalCloudTasksEvent>((resolve) => waiters.add({ matches, resolve }));
    return withinMs(arrived, timeoutMs, `${type} #${nth} of ${task}`) as never;
  };
  return {
    events,
    ofTask: (task) => events.filter((event) => event.task === task),
    waitFor: (type, task, timeoutMs) => waitForNth(type, task, 1, timeoutMs),
    waitForNth,
    stop: unsubscribe,
  };
}
