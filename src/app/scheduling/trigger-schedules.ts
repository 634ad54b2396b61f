import * as E from 'fp-ts/Either';
import { firestoreRunDocuments, type MalformedReadModel, type RunDocuments } from '../read-models';
import {
  advanceWrite,
  firestoreScheduleIndex,
  scheduleAdvance,
  type IndexedSchedule,
  type ScheduleIndex,
} from '../read-models/schedule-index';
import { cancelRun } from '../runs/cancel-run';
import { handleRunCommand } from '../runs/handle-run-command';
import { requestAndQueueRun } from '../runs/request-and-queue-run';
import type { Actor, ServiceContext } from '../service-context';
import { StreamCreationBatcher } from '../stream-creation-batcher';
import { forEachBoundedPerGroup } from './bounded-per-group';
import { dueFireTimes } from './fire-times';
import { openRunToCheck, planFire, type FireDecision, type PipelineFacts } from './plan-fire';

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

type Tally = { -readonly [K in 'triggered' | 'queued' | 'skipped' | 'missed' | 'duplicates']: number };
const emptyTally = (): Tally => ({ triggered: 0, queued: 0, skipped: 0, missed: 0, duplicates: 0 });

/** Due pipelines of one tenant requested at once in a trigger pass (docs/security.md, Limits). */
export const TRIGGER_PER_TENANT_PARALLELISM = 4;

/** What one pass shares across its schedules. */
interface Pass {
  readonly ctx: ServiceContext;
  readonly index: ScheduleIndex;
  readonly runs: RunDocuments;
  readonly tick: Date;
  readonly actor: Actor;
  readonly facts: (schedule: IndexedSchedule) => Promise<PipelineFacts>;
  /** The pass's new run streams are committed in groups: tens of commits for thousands of runs. */
  readonly batcher: StreamCreationBatcher;
}

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
  const index = firestoreScheduleIndex(ctx.db);
  const { schedules, malformed } = await index.due(tick);
  const byTenant = new Map<string, IndexedSchedule[]>();
  for (const schedule of schedules)
    byTenant.set(schedule.tenantId, [...(byTenant.get(schedule.tenantId) ?? []), schedule]);

  const pass: Pass = {
    ctx,
    index,
    runs: firestoreRunDocuments(ctx.db),
    tick,
    actor,
    facts: pipelineFactsOnce(ctx),
    batcher: new StreamCreationBatcher(ctx.store),
  };
  const tallies: Tally[] = [];
  const failures: TriggerReport['failures'][number][] = malformed.map(malformedFailure);
  // Tenants side by side; within one, at most `perTenantParallelism` of its due pipelines requested at once.
  const bounds = { groups: parallelism, perGroup: perTenantParallelism };
  await forEachBoundedPerGroup([...byTenant.values()], bounds, (schedule) =>
    // One tenant's fault never stops the others; a retried tick finds the rest already done.
    {
      // A schedule that fails part-way keeps the counts of the fire times it recorded.
      const tally = emptyTally();
      tallies.push(tally);
      return triggerSchedule(pass, schedule, tally).catch((error: unknown) => {
        failures.push({ tenant_id: schedule.tenantId, config_id: schedule.configId, code: errorCode(error) });
      });
    },
  );
  return {
    tick: tick.toISOString(),
    tenants: byTenant.size,
    ...sum(tallies),
    failures,
    next_trigger_time: await index.nextFireTime(),
    duration_ms: Date.now() - started,
  };
}

/** Each due fire time of one schedule, in order: decide (pure), then carry the decision out. */
async function triggerSchedule(pass: Pass, schedule: IndexedSchedule, tally: Tally): Promise<void> {
  const { ctx, tick } = pass;
  const { due, next } = dueFireTimes(schedule.cron, schedule.timezone, new Date(schedule.nextRunAt), tick);
  const facts = await pass.facts(schedule);
  const now = ctx.now().toISOString();
  let lastRequested = schedule.lastRequestedRunId;
  for (const [position, fire] of due.entries()) {
    const toCheck = openRunToCheck(schedule, fire, tick, lastRequested);
    const open = toCheck ? await pass.runs.openById(toCheck) : undefined;
    const decision = planFire({ schedule, fire, tick, now, facts, open });
    const following = due[position + 1] ?? next;
    const advance = scheduleAdvance(fire, following, decision.kind === 'requested' ? decision.runId : undefined);
    const outcome = await carryOut(pass, schedule, decision, advance);
    if (decision.kind === 'requested') lastRequested = decision.runId;
    if (outcome.dispatched) tally.queued += 1;
    if (outcome.created) tally[decision.kind === 'requested' ? 'triggered' : decision.kind] += 1;
    else {
      tally.duplicates += 1;
      await pass.index.catchUp(schedule, fire, scheduleAdvance(fire, following));
    }
  }
}

/** Records a fire's decision with the schedule's advance in the same commit. `created: false`: it existed already. */
async function carryOut(
  pass: Pass,
  schedule: IndexedSchedule,
  decision: FireDecision,
  advance: ReturnType<typeof scheduleAdvance>,
): Promise<{ created: boolean; dispatched: boolean }> {
  const { ctx, actor } = pass;
  if (decision.kind !== 'requested') {
    const decided = { command: decision.command, extraWrites: () => [advanceWrite(schedule, advance)] };
    const result = await handleRunCommand(ctx, decision.runId, schedule.tenantId, async () => decided, actor);
    return { created: result.events.length > 0, dispatched: false };
  }
  if (decision.cancels) await cancelRun(ctx, decision.cancels.runId, decision.cancels.reason, actor);
  return requestAndQueueRun(ctx, decision.request, actor, [advanceWrite(schedule, advance)], pass.batcher);
}

/** Pipeline facts per template, loaded once per pass (parsing YAML per schedule costs CPU at scale). */
function pipelineFactsOnce(ctx: ServiceContext): (schedule: IndexedSchedule) => Promise<PipelineFacts> {
  const cache = new Map<string, Promise<PipelineFacts>>();
  return (schedule) => {
    const key = `${schedule.provider}/${schedule.domain}/${schedule.template}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const facts = ctx.catalog
      .load({ provider: schedule.provider, domain: schedule.domain, name: schedule.template })
      .then((loaded) =>
        // A pipeline that no longer loads is still requested: its execution records why it cannot run.
        E.isRight(loaded)
          ? { pipelineId: loaded.right.pipeline_id, maxAttempts: loaded.right.retry.attempts }
          : { pipelineId: schedule.template, maxAttempts: 1 },
      );
    cache.set(key, facts);
    return facts;
  };
}

function sum(tallies: readonly Tally[]): Tally {
  const total = emptyTally();
  for (const tally of tallies) for (const key of Object.keys(total) as (keyof Tally)[]) total[key] += tally[key];
  return total;
}

/** A damaged index entry is a failure of its schedule (named by the document id, `{tenant}__{config}`). */
function malformedFailure(error: MalformedReadModel): TriggerReport['failures'][number] {
  const [tenant_id = '', config_id = ''] = (error.path.split('/')[1] ?? '').split('__');
  return { tenant_id, config_id, code: error.code };
}

const errorCode = (error: unknown): string =>
  typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : 'INTERNAL';
