import { firestoreRunDocuments, type RunDocument } from '../read-models';
import { DomainRefusal } from '../domain-refusal';
import type { ServiceContext } from '../service-context';

/** A run as the API shows it (from its decoded inline read model), with its steps and a data-quality summary. */
export function describeRun(run: RunDocument) {
  const steps = Object.entries(run.steps ?? {}).map(([step_id, s]) => ({
    step_id,
    status: s.status,
    attempt: s.attempt,
  }));
  return {
    run_id: run.runId,
    tenant_id: run.tenantId,
    pipeline_id: run.pipelineId ?? null,
    pipeline: run.pipelineKey ?? null,
    config_id: run.configId ?? null,
    trigger: run.trigger ?? null,
    status: run.status,
    attempt: run.attempt ?? 0,
    scheduled_time: run.scheduledTime ?? null,
    requested_at: run.requestedAt ?? null,
    started_at: run.startedAt ?? null,
    finished_at: run.finishedAt ?? null,
    not_before: run.notBefore ?? null,
    error: run.error ?? null,
    steps,
    step_summary: {
      total: steps.length,
      succeeded: steps.filter((s) => s.status === 'succeeded').length,
      failed: steps.filter((s) => s.status === 'failed').length,
    },
  };
}

/** A missing run, and (from the HTTP layer) another tenant's: the same refusal, word for word. */
export const runNotFound = (runId: string) =>
  new DomainRefusal({ code: 'RUN_NOT_FOUND', message: `Run ${runId} not found` });

export async function getRun(ctx: Pick<ServiceContext, 'db'>, runId: string) {
  const run = await firestoreRunDocuments(ctx.db).get(runId);
  if (!run) throw runNotFound(runId);
  return describeRun(run);
}
