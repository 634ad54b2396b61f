import { OPEN_STATUSES, type RunStatus } from '../../domain/run/state';
import { decodeDocument, RunDocumentStatus } from '../read-models';
import type { ServiceContext } from '../service-context';
import { RUNS, runPath } from './run-paths';

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
  return snapshot.docs.flatMap((doc) => {
    const run = decodeDocument(RunDocumentStatus, doc);
    return run ? [{ runId: doc.id, status: run.status }] : [];
  });
}

/** The run, when it exists and is still open: one document read. */
export async function openRunById(ctx: Pick<ServiceContext, 'db'>, runId: string): Promise<OpenRun | undefined> {
  const run = decodeDocument(RunDocumentStatus, await ctx.db.doc(runPath(runId)).get());
  return run && OPEN_STATUSES.has(run.status) ? { runId, status: run.status } : undefined;
}
