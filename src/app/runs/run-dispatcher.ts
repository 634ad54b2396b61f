import type { ExecutionsInFlight } from './executions-in-flight';

/**
 * The port through which runs are handed to workers: in production one Cloud Tasks HTTP task per dispatch to
 * POST /tasks/runs/execute (src/dispatch). A task name that already exists means the dispatch happened.
 */
export interface RunTask {
  readonly runId: string;
  readonly tenantId: string;
  /** The run's dispatch generation: the task is named by (run, generation), so the queue de-duplicates a repeat. */
  readonly generation: number;
  /** Not before this instant (deferral, retry delay); as soon as possible when absent. */
  readonly scheduleTime?: Date;
}

/** The Cloud Tasks adapter (src/dispatch) satisfies this as it is. */
export interface RunDispatcher {
  dispatchRun(task: RunTask): Promise<{ readonly created: boolean }>;
}

export interface ExecutionSettings {
  readonly dispatcher: RunDispatcher;
  /** Names this process in leases. */
  readonly workerId: string;
  /** A run's slot lives this long without a heartbeat (a crashed worker's slot frees itself). */
  readonly leaseMs: number;
  readonly heartbeatMs: number;
  /** How long a deferred run waits before it is tried again (grows with each deferral). */
  readonly deferBaseMs: number;
  /** The runs this process executes, so shutdown can give their leases back (absent: nothing is tracked). */
  readonly inFlight?: ExecutionsInFlight;
}
