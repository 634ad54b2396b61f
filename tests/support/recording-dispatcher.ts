import type { RunDispatcher, RunTask } from '../../src/app/runs/run-dispatcher';
import { runTaskName } from '../../src/domain/run/ids';

export interface RecordedTask {
  readonly runId: string;
  readonly tenantId: string;
  readonly generation: number;
  readonly taskName: string;
  /** The task's scheduleTime, null for "now". */
  readonly notBefore: Date | null;
}

/**
 * Our own dispatcher port, recording tasks so a test delivers them itself (to see duplicates, order and
 * delays). The end-to-end tests use the Cloud Tasks adapter against the local Cloud Tasks server instead.
 */
export class RecordingDispatcher implements RunDispatcher {
  readonly tasks: RecordedTask[] = [];
  /** Tenants whose dispatches fail as an unavailable queue would (to test fault isolation). */
  readonly failingTenants = new Set<string>();
  private readonly names = new Set<string>();

  async dispatchRun(task: RunTask): Promise<{ created: boolean }> {
    if (this.failingTenants.has(task.tenantId))
      throw Object.assign(new Error('the queue is unavailable'), { code: 'UNAVAILABLE' });
    const taskName = runTaskName(task.runId, task.generation);
    if (this.names.has(taskName)) return { created: false };
    this.names.add(taskName);
    this.tasks.push({
      runId: task.runId,
      tenantId: task.tenantId,
      generation: task.generation,
      taskName,
      notBefore: task.scheduleTime ?? null,
    });
    return { created: true };
  }

  /** Tasks dispatched since the last call. */
  take(): RecordedTask[] {
    return this.tasks.splice(0, this.tasks.length);
  }
}
