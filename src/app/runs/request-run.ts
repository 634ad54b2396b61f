import type { RunEventOf } from '../../domain/run/events';
import type { RunState } from '../../domain/run/state';
import type { InlineWrite } from '../../eventstore';
import type { Actor, ServiceContext } from '../service-context';
import { handleRunCommand } from './handle-run-command';

export type RunRequest = RunEventOf<'RunRequested'>['data'];

/**
 * Creates the run's stream (`noStream`: a repeated request of the same run id records nothing) with its read
 * model and `alsoWrite` (e.g. the schedule index advancing) in the same commit.
 */
export async function requestRun(
  ctx: ServiceContext,
  request: RunRequest,
  actor: Actor,
  alsoWrite: readonly InlineWrite[] = [],
): Promise<{ created: boolean; state: RunState }> {
  const result = await handleRunCommand(
    ctx,
    request.runId,
    request.tenantId,
    async () => ({ command: { type: 'RequestRun', data: request }, extraWrites: () => alsoWrite }),
    actor,
  );
  return { created: result.events.length > 0, state: result.state };
}
