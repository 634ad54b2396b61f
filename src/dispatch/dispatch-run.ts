import { buildRunTask } from './build-run-task';
import { callOptions, type DispatchContext } from './context';
import type { DispatchRunRequest, DispatchRunResult } from './dispatcher';
import { queuePath } from './dispatch-config';
import { GrpcCode, grpcCodeOf, toDispatchError } from './errors';

/**
 * Creates the run's task. The task name is a function of (runId, generation), so a repeated dispatch —
 * a retried trigger, a sweeper pass, a timed-out call that did go through — meets ALREADY_EXISTS, which is
 * the success it looks like: the task exists (or existed and was delivered within Cloud Tasks' ~1 h window).
 */
export async function dispatchRun(context: DispatchContext, request: DispatchRunRequest): Promise<DispatchRunResult> {
  const { taskId, task } = buildRunTask(context.config, request, context.now());
  const taskName = task.name as string;
  try {
    await context.client.createTask({ parent: queuePath(context.config), task, responseView: 'BASIC' }, callOptions(context));
    return { taskId, taskName, created: true };
  } catch (error) {
    if (grpcCodeOf(error) === GrpcCode.ALREADY_EXISTS) return { taskId, taskName, created: false };
    throw toDispatchError(error, 'createTask', taskName);
  }
}
