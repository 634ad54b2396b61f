export {
  startLocalCloudTasks,
  type LocalCloudTasksOptions,
  type RunningLocalCloudTasks,
} from './start-local-cloud-tasks';
export type { LocalCloudTasksEvent } from './model';
export { systemClock, type Clock, type TimerHandle } from './clock';
