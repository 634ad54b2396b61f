import { status as Status } from '@grpc/grpc-js';
import { runTaskId, runTaskPath } from './build-run-task';
import { callOptions, type DispatchContext } from './context';
import type { CancelDispatchRequest, CancelDispatchResult } from './dispatcher';
import { grpcCodeOf, toDispatchError } from './errors';

/**
 * Deletes a run's task of one generation (a cancelled run, or a superseded dispatch). A task that is gone
 * already — delivered, dropped after its last attempt, deleted before — is not an error. An attempt in flight
 * is not interrupted: the executor must still check the run's state.
 */
export async function cancelDispatch(
  context: DispatchContext,
  request: CancelDispatchRequest,
): Promise<CancelDispatchResult> {
  const taskName = runTaskPath(context.config, runTaskId(request.runId, request.generation));
  try {
    await context.client.deleteTask({ name: taskName }, callOptions(context));
    return { taskName, deleted: true };
  } catch (error) {
    if (grpcCodeOf(error) === Status.NOT_FOUND) return { taskName, deleted: false };
    throw toDispatchError(error, 'deleteTask', taskName);
  }
}
