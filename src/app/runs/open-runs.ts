import { OPEN_STATUSES, type RunStatus } from '../../domain/run/state';
import type { ServiceContext } from '../service-context';
import { RUNS } from './run-paths';

export interface OpenRun {
  readonly runId: string;
  readonly status: RunStatus;
}

/** A tenant's runs of one pipeline (`provider/domain/template`) still requested, queued, deferred or running. */
export async function openRunsOf(
  ctx: Pick<ServiceContext, 'db'>,
  tenantId: string,
  pipelineKey: string,
): Promise<OpenRun[]> {
  const snapshot = await ctx.db
    .collection(RUNS)
    .where('tenantId', '==', tenantId)
    .where('pipelineKey', '==', pipelineKey)
    .where('status', 'in', [...OPEN_STATUSES])
    .get();
  return snapshot.docs.map((doc) => ({ runId: doc.id, status: doc.get('status') as RunStatus }));
}
