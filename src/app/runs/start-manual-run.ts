import { randomBytes } from 'node:crypto';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { manualRunId } from '../../domain/run/ids';
import { loadTenant } from '../handle-tenant-command';
import { DomainRefusal } from '../domain-refusal';
import { mergeParameters, onboardedValuesOf, type ParameterSetter } from '../schedules/parameter-ownership';
import { checkParameters, PipelineNotFound, InvalidSchedule } from '../schedules/schedule-input';
import type { Actor, ServiceContext } from '../service-context';
import { formatLoadIssue, type PipelineRef } from '../../pipelines';
import { firestoreRunDocuments, scheduleIndexPath } from '../read-models';
import { dispatchRun } from './dispatch-run';
import { requestRun } from './request-run';
import { isAcceptedCalendarDate } from '../../domain/accepted-instants';

const CalendarDate = t.refinement(t.string, isAcceptedCalendarDate, 'date (YYYY-MM-DD, 1970–2199)');
export const ManualRunInput = t.partial({ parameters: t.record(t.string, t.unknown), date: CalendarDate });
export type ManualRunInput = t.TypeOf<typeof ManualRunInput>;

/** Retries of one manual request carry the same key and so name the same run. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,40}$/;

export interface ManualRunAnswer {
  readonly run_id: string;
  readonly status: string;
  /** True when an open run of the pipeline (or the same idempotency key) answered instead of a new run. */
  readonly existing: boolean;
}

/**
 * A manual run goes through the same gate as a scheduled one. If the pipeline already has a run queued or
 * running, that run is the answer — unless the tenant's schedule of this pipeline allows overlaps. `setBy` is
 * who asks: a tenant key may supply only tenant-settable parameters; the operator's come from the schedule
 * and the profile.
 */
export async function startManualRun(
  ctx: ServiceContext,
  tenantId: string,
  ref: PipelineRef,
  input: ManualRunInput,
  idempotencyKey: string | undefined,
  setBy: ParameterSetter,
  actor: Actor,
): Promise<ManualRunAnswer> {
  const { state } = await loadTenant(ctx.store, tenantId);
  if (!state.exists) throw new DomainRefusal({ code: 'TENANT_NOT_FOUND', message: `Tenant ${tenantId} not found` });
  if (state.status !== 'ACTIVE')
    throw new DomainRefusal({ code: 'TENANT_NOT_ACTIVE', message: `Tenant ${tenantId} is ${state.status}` });
  const loaded = await ctx.catalog.load(ref);
  if (E.isLeft(loaded)) {
    if (loaded.left.some((issue) => issue.code === 'FILE_NOT_FOUND'))
      throw new PipelineNotFound(`${ref.provider}/${ref.domain}/${ref.name}`);
    throw new InvalidSchedule(loaded.left.map(formatLoadIssue));
  }
  const pipeline = loaded.right;
  const schedule = Object.values(state.schedules).find(
    (s) => s.provider === ref.provider && s.domain === ref.domain && s.template === ref.name,
  );
  const declared = pipeline.parameters ?? {};
  const merged = mergeParameters({
    declared,
    setBy,
    inForce: schedule?.parameters ?? {},
    onboarded: onboardedValuesOf(declared, state.profile.billingAccountIds),
    supplied: input.parameters ?? {},
  });
  if (E.isLeft(merged)) throw merged.left;
  const parameters = checkParameters(pipeline, merged.right);
  const overlapPolicy = schedule?.overlapPolicy ?? 'skip';

  const runId = manualRunId(tenantId, idempotencyKey ?? randomBytes(9).toString('base64url'));
  if (overlapPolicy !== 'allow') {
    const open = (
      await firestoreRunDocuments(ctx.db).openOf(tenantId, `${ref.provider}/${ref.domain}/${ref.name}`)
    ).filter((r) => r.runId !== runId);
    if (open[0]) return { run_id: open[0].runId, status: open[0].status, existing: true };
  }
  const now = ctx.now().toISOString();
  const requested = await requestRun(
    ctx,
    {
      runId,
      tenantId,
      pipeline: { provider: ref.provider, domain: ref.domain, template: ref.name },
      pipelineId: pipeline.pipeline_id,
      trigger: 'manual',
      configId: schedule?.configId ?? null,
      scheduledTime: now,
      date: input.date ?? null,
      parameters,
      priority: schedule?.priority ?? 5,
      overlapPolicy,
      maxAttempts: pipeline.retry.attempts,
      requestedAt: now,
    },
    actor,
    // The schedule of this pipeline learns of the run, so its next fire applies the overlap policy to it.
    schedule
      ? [
          {
            op: 'set',
            path: scheduleIndexPath(tenantId, schedule.configId),
            data: { lastRequestedRunId: runId },
            merge: true,
          },
        ]
      : [],
  );
  const after =
    requested.state.exists && requested.state.status === 'requested'
      ? await dispatchRun(ctx, runId, tenantId, null, actor)
      : requested.state;
  return { run_id: runId, status: after.exists ? after.status : 'requested', existing: !requested.created };
}
