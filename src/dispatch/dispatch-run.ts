import { status as Status } from '@grpc/grpc-js';
import { buildRunTask } from './build-run-task';
import { callOptions, type DispatchContext } from './context';
import type { DispatchRunRequest, DispatchRunResult } from './dispatcher';
import { queuePath } from './dispatch-config';
import { grpcCodeOf, toDispatchError } from './errors';
import { currentTrace } from '../observability/current-trace';
import { childTraceparent } from '../observability/trace-context';

/**
 * Creates the run's task. The task name is a function of (runId, generation), so a repeated dispatch —
 * a retried trigger, a sweeper pass, a timed-out call that did go through — meets ALREADY_EXISTS, which is
 * the success it looks like: the task exists (or existed and was delivered within Cloud Tasks' ~1 h window).
 * The task carries the current request's trace, so its execution's logs join the dispatcher's.
 */
export async function dispatchRun(context: DispatchContext, request: DispatchRunRequest): Promise<DispatchRunResult> {
  const trace = currentTrace();
  const traced =
    trace && request.traceparent === undefined ? { ...request, traceparent: childTraceparent(trace) } : request;
  const { taskId, task } = buildRunTask(context.config, traced, context.now());
  const taskName = task.name as string;
  try {
    await context.client.createTask(
      { parent: queuePath(context.config), task, responseView: 'BASIC' },
      callOptions(context),
    );
    return { taskId, taskName, created: true };
  } catch (error) {
    if (grpcCodeOf(error) === Status.ALREADY_EXISTS) return { taskId, taskName, created: false };
    throw toDispatchError(error, 'createTask', taskName);
  }
}
