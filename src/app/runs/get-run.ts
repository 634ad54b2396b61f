import { DomainRefusal } from '../domain-refusal';
import type { ServiceContext } from '../service-context';
import { runPath } from './run-paths';

/** A run as the API shows it (from its inline read model), with its steps and a data-quality summary. */
export function describeRun(data: FirebaseFirestore.DocumentData) {
  const steps = Object.entries((data.steps ?? {}) as Record<string, { status: string; attempt: number }>).map(
    ([step_id, s]) => ({ step_id, status: s.status, attempt: s.attempt }),
  );
  return {
    run_id: data.runId,
    tenant_id: data.tenantId,
    pipeline_id: data.pipelineId ?? null,
    pipeline: data.pipelineKey ?? null,
    config_id: data.configId ?? null,
    trigger: data.trigger ?? null,
    status: data.status,
    attempt: data.attempt ?? 0,
    scheduled_time: data.scheduledTime ?? null,
    requested_at: data.requestedAt ?? null,
    started_at: data.startedAt ?? null,
    finished_at: data.finishedAt ?? null,
    not_before: data.notBefore ?? null,
    error: data.error ?? null,
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
  const snapshot = await ctx.db.doc(runPath(runId)).get();
  if (!snapshot.exists) throw runNotFound(runId);
  return describeRun(snapshot.data() ?? {});
}
