import type { ScheduleSpec } from '../../domain/schedule/schedule-spec';
import { scheduledRunId } from '../../domain/run/ids';
import * as E from 'fp-ts/Either';
import type { InlineWrite } from '../../eventstore';
import { SCHEDULE_INDEX } from '../read-models';
import type { Actor, ServiceContext } from '../service-context';
import { cancelRun } from '../runs/cancel-run';
import { handleRunCommand } from '../runs/handle-run-command';
import type { OpenRun } from '../runs/open-runs';
import { requestAndQueueRun } from '../runs/request-and-queue-run';
import { StreamCreationBatcher } from '../runs/stream-creation-batcher';
import { runPath } from '../runs/run-paths';
import { OPEN_STATUSES, type RunStatus } from '../../domain/run/state';
import { forEachBoundedPerGroup } from './bounded-per-group';
import { dueFireTimes } from './fire-times';

export interface TriggerReport {
  readonly tick: string;
  readonly tenants: number;
  readonly triggered: number;
  readonly queued: number;
  readonly skipped: number;
  readonly missed: number;
  /** Fire times whose run already existed: a re-delivered tick. */
  readonly duplicates: number;
  /** Schedules whose pass failed (the others went on): the tick is answered 5xx so Cloud Scheduler retries it. */
  readonly failures: readonly { readonly tenant_id: string; readonly config_id: string; readonly code: string }[];
  readonly next_trigger_time: string | null;
  readonly duration_ms: number;
}

type IndexedSchedule = Omit<ScheduleSpec, 'parameters'> & {
  readonly tenantId: string;
  readonly nextRunAt: string;
  readonly path: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly lastRequestedRunId?: string;
};

/** An index document as the trigger uses it (parameters are kept as JSON text there; see tenant-inline-writes). */
function indexedSchedule(doc: FirebaseFirestore.QueryDocumentSnapshot): IndexedSchedule {
  const data = doc.data() as Omit<IndexedSchedule, 'path' | 'parameters'> & {
    parametersJson?: string;
    parameters?: Record<string, unknown>;
  };
  const { parametersJson, parameters, ...rest } = data;
  return {
    ...rest,
    parameters: parametersJson ? (JSON.parse(parametersJson) as Record<string, unknown>) : (parameters ?? {}),
    path: doc.ref.path,
  };
}

interface Tally {
  triggered: number;
  queued: number;
  skipped: number;
  missed: number;
  duplicates: number;
}

/** Due pipelines of one tenant requested at once in a trigger pass (docs/security.md, Limits). */
export const TRIGGER_PER_TENANT_PARALLELISM = 4;

/**
 * One pass of the trigger: every active schedule due at `tick` (from the inline schedule index), grouped by
 * tenant with bounded parallelism across and within tenants; every due fire time of each schedule is requested,
 * missed (older than the catch-up window) or skipped (overlap policy), and the index advances in the same commit
 * as each run's creation. Run ids derive from (tenant, schedule, fire time), so a repeated tick requests nothing new.
 */
export async function triggerSchedules(
  ctx: ServiceContext,
  tick: Date,
  actor: Actor,
  parallelism = 64,
  perTenantParallelism = TRIGGER_PER_TENANT_PARALLELISM,
): Promise<TriggerReport> {
  const started = Date.now();
  const due = await ctx.db
    .collection(SCHEDULE_INDEX)
    .where('active', '==', true)
    .where('nextRunAt', '<=', tick.toISOString())
    .get();
  const byTenant = new Map<string, IndexedSchedule[]>();
  for (const doc of due.docs) {
    const schedule = indexedSchedule(doc);
    byTenant.set(schedule.tenantId, [...(byTenant.get(schedule.tenantId) ?? []), schedule]);
  }
  const tally: Tally = { triggered: 0, queued: 0, skipped: 0, missed: 0, duplicates: 0 };
  const cache: PipelineCache = new Map();
  // The pass's new run streams are committed in groups: tens of commits for thousands of runs.
  const batcher = new StreamCreationBatcher(ctx.store);
  const failures: TriggerReport['failures'][number][] = [];
  // Tenants side by side; within one, at most `perTenantParallelism` of its due pipelines requested at once.
  const bounds = { groups: parallelism, perGroup: perTenantParallelism };
  await forEachBoundedPerGroup([...byTenant.values()], bounds, (schedule) =>
    // One tenant's fault never stops the others; a retried tick finds the rest already done.
    triggerSchedule(ctx, schedule, tick, actor, tally, cache, batcher).catch((error: unknown) => {
      const code =
        typeof (error as { code?: unknown })?.code === 'string' ? String((error as { code: string }).code) : 'INTERNAL';
      failures.push({ tenant_id: schedule.tenantId, config_id: schedule.configId, code });
    }),
  );
  const next = await ctx.db.collection(SCHEDULE_INDEX).where('active', '==', true).orderBy('nextRunAt').limit(1).get();
  return {
    tick: tick.toISOString(),
    tenants: byTenant.size,
    ...tally,
    failures,
    next_trigger_time: (next.docs[0]?.get('nextRunAt') as string | undefined) ?? null,
    duration_ms: Date.now() - started,
  };
}

interface PipelineFacts {
  readonly pipelineId: string;
  readonly maxAttempts: number;
}

/** Pipeline facts per template, loaded once per pass (parsing YAML per schedule costs CPU at scale). */
type PipelineCache = Map<string, Promise<PipelineFacts>>;

function pipelineFacts(ctx: ServiceContext, cache: PipelineCache, schedule: IndexedSchedule): Promise<PipelineFacts> {
  const key = `${schedule.provider}/${schedule.domain}/${schedule.template}`;
  let facts = cache.get(key);
  if (!facts) {
    facts = ctx.catalog
      .load({ provider: schedule.provider, domain: schedule.domain, name: schedule.template })
      .then((loaded) =>
        // A pipeline that no longer loads is still requested: its execution records why it cannot run.
        E.isRight(loaded)
          ? { pipelineId: loaded.right.pipeline_id, maxAttempts: loaded.right.retry.attempts }
          : { pipelineId: schedule.template, maxAttempts: 1 },
      );
    cache.set(key, facts);
  }
  return facts;
}

/**
 * The schedule's last requested run, when it is still open: one document read instead of a query. Every
 * request of the schedule's pipeline (scheduled or manual) records itself there, so no other run can be open.
 */
async function openRunOf(ctx: ServiceContext, runId: string | undefined): Promise<OpenRun | undefined> {
  if (!runId) return undefined;
  const status = (await ctx.db.doc(runPath(runId)).get()).get('status') as RunStatus | undefined;
  return status && OPEN_STATUSES.has(status) ? { runId, status } : undefined;
}

async function triggerSchedule(
  ctx: ServiceContext,
  schedule: IndexedSchedule,
  tick: Date,
  actor: Actor,
  tally: Tally,
  cache: PipelineCache,
  batcher: StreamCreationBatcher,
): Promise<void> {
  const { due, next } = dueFireTimes(schedule.cron, schedule.timezone, new Date(schedule.nextRunAt), tick);
  const { pipelineId, maxAttempts } = await pipelineFacts(ctx, cache, schedule);
  const pipeline = { provider: schedule.provider, domain: schedule.domain, template: schedule.template };
  const now = ctx.now().toISOString();
  let lastRequested = schedule.lastRequestedRunId;

  for (const [index, fire] of due.entries()) {
    const following = due[index + 1] ?? next;
    const runId = scheduledRunId(schedule.tenantId, schedule.configId, fire);
    const advanceData: Record<string, unknown> = {
      lastFireAt: fire.toISOString(),
      nextRunAt: following ? following.toISOString() : null,
    };
    const advance = (extra: Record<string, unknown> = {}): InlineWrite => ({
      op: 'set',
      path: schedule.path,
      data: { ...advanceData, ...extra },
      merge: true,
    });
    const common = {
      runId,
      tenantId: schedule.tenantId,
      configId: schedule.configId,
      pipeline,
      fireTime: fire.toISOString(),
      recordedAt: now,
    };

    let created: boolean;
    if (tick.getTime() - fire.getTime() > schedule.catchupWindowMinutes * 60_000) {
      const result = await handleRunCommand(
        ctx,
        runId,
        schedule.tenantId,
        async () => ({
          command: { type: 'RecordMissed', data: { ...common, catchupWindowMinutes: schedule.catchupWindowMinutes } },
          extraWrites: () => [advance()],
        }),
        actor,
      );
      created = result.events.length > 0;
      if (created) tally.missed += 1;
    } else {
      const open =
        schedule.overlapPolicy === 'allow' || lastRequested === runId ? undefined : await openRunOf(ctx, lastRequested);
      const blocking =
        schedule.overlapPolicy === 'skip'
          ? open
          : schedule.overlapPolicy === 'buffer_one' && open?.status !== 'running'
            ? open
            : undefined;
      if (blocking) {
        const result = await handleRunCommand(
          ctx,
          runId,
          schedule.tenantId,
          async () => ({
            command: { type: 'RecordSkipped', data: { ...common, blockingRunId: blocking.runId } },
            extraWrites: () => [advance()],
          }),
          actor,
        );
        created = result.events.length > 0;
        if (created) tally.skipped += 1;
      } else {
        if (schedule.overlapPolicy === 'cancel_other' && open)
          await cancelRun(ctx, open.runId, `replaced by ${runId} (overlap policy cancel_other)`, actor);
        const request = await requestAndQueueRun(
          ctx,
          {
            ...common,
            pipelineId,
            trigger: 'schedule',
            scheduledTime: fire.toISOString(),
            date: null,
            parameters: schedule.parameters,
            priority: schedule.priority,
            overlapPolicy: schedule.overlapPolicy,
            maxAttempts,
            requestedAt: now,
          },
          actor,
          [advance({ lastRequestedRunId: runId })],
          batcher,
        );
        created = request.created;
        lastRequested = runId;
        if (created) tally.triggered += 1;
        if (request.dispatched) tally.queued += 1;
      }
    }
    if (!created) {
      tally.duplicates += 1;
      await ctx.db.doc(schedule.path).set(advanceData, { merge: true });
    }
  }
}
