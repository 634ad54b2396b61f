import type { RunDispatcher, RunTask } from '../../src/app/runs/run-dispatcher';

/**
 * Our own dispatcher port, recording tasks so a test delivers them itself (to see duplicates, order and
 * delays). The end-to-end tests use the Cloud Tasks adapter against the local Cloud Tasks server instead.
 */
export class RecordingDispatcher implements RunDispatcher {
  readonly tasks: RunTask[] = [];
  private readonly names = new Set<string>();

  async dispatch(task: RunTask): Promise<{ created: boolean }> {
    if (this.names.has(task.taskName)) return { created: false };
    this.names.add(task.taskName);
    this.tasks.push(task);
    return { created: true };
  }

  /** Tasks dispatched since the last call. */
  take(): RunTask[] {
    return this.tasks.splice(0, this.tasks.length);
  }
}
