import type { ScheduleSpec } from '../../domain/schedule/schedule-spec';
import { scheduledRunId } from '../../domain/run/ids';
import * as E from 'fp-ts/Either';
import type { InlineWrite } from '../../eventstore';
import { mapWithConcurrency } from '../../pipelines/executor/abort';
import { SCHEDULE_INDEX } from '../read-models';
import type { Actor, ServiceContext } from '../service-context';
import { cancelRun } from '../runs/cancel-run';
import { dispatchRun } from '../runs/dispatch-run';
import { handleRunCommand } from '../runs/handle-run-command';
import { openRunsOf } from '../runs/open-runs';
import { requestRun } from '../runs/request-run';
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
  readonly next_trigger_time: string | null;
  readonly duration_ms: number;
}

type IndexedSchedule = ScheduleSpec & { readonly tenantId: string; readonly nextRunAt: string; readonly path: string };

interface Tally {
  triggered: number;
  queued: number;
  skipped: number;
  missed: number;
  duplicates: number;
}

/**
 * One pass of the trigger: every active schedule due at `tick` (from the inline schedule index), grouped by
 * tenant with bounded parallelism; every due fire time of each schedule is requested, missed (older than the
 * catch-up window) or skipped (overlap policy), and the index advances in the same commit as each run's
 * creation. Run ids derive from (tenant, schedule, fire time), so a repeated tick requests nothing new.
 */
export async function triggerSchedules(ctx: ServiceContext, tick: Date, actor: Actor, parallelism = 16): Promise<TriggerReport> {
  const started = Date.now();
  const due = await ctx.db.collection(SCHEDULE_INDEX).where('active', '==', true).where('nextRunAt', '<=', tick.toISOString()).get();
  const byTenant = new Map<string, IndexedSchedule[]>();
  for (const doc of due.docs) {
    const schedule = { ...(doc.data() as Omit<IndexedSchedule, 'path'>), path: doc.ref.path };
    byTenant.set(schedule.tenantId, [...(byTenant.get(schedule.tenantId) ?? []), schedule]);
  }
  const tally: Tally = { triggered: 0, queued: 0, skipped: 0, missed: 0, duplicates: 0 };
  await mapWithConcurrency([...byTenant.values()], parallelism, async (schedules) => {
    // All of a tenant's due pipelines in this pass; its schedules run side by side.
    await Promise.all(schedules.map((schedule) => triggerSchedule(ctx, schedule, tick, actor, tally)));
  });
  const next = await ctx.db.collection(SCHEDULE_INDEX).where('active', '==', true).orderBy('nextRunAt').limit(1).get();
  return {
    tick: tick.toISOString(),
    tenants: byTenant.size,
    ...tally,
    next_trigger_time: (next.docs[0]?.get('nextRunAt') as string | undefined) ?? null,
    duration_ms: Date.now() - started,
  };
}

async function triggerSchedule(ctx: ServiceContext, schedule: IndexedSchedule, tick: Date, actor: Actor, tally: Tally): Promise<void> {
  const { due, next } = dueFireTimes(schedule.cron, schedule.timezone, new Date(schedule.nextRunAt), tick);
  const loaded = await ctx.catalog.load({ provider: schedule.provider, domain: schedule.domain, name: schedule.template });
  const pipelineId = E.isRight(loaded) ? loaded.right.pipeline_id : schedule.template;
  const maxAttempts = E.isRight(loaded) ? loaded.right.retry.attempts : 1;
  const pipeline = { provider: schedule.provider, domain: schedule.domain, template: schedule.template };
  const now = ctx.now().toISOString();

  for (const [index, fire] of due.entries()) {
    const following = due[index + 1] ?? next;
    const advance: InlineWrite = { op: 'set', path: schedule.path, data: { lastFireAt: fire.toISOString(), nextRunAt: following ? following.toISOString() : null }, merge: true };
    const runId = scheduledRunId(schedule.tenantId, schedule.configId, fire);
    const common = { runId, tenantId: schedule.tenantId, configId: schedule.configId, pipeline, fireTime: fire.toISOString(), recordedAt: now };

    let created: boolean;
    if (tick.getTime() - fire.getTime() > schedule.catchupWindowMinutes * 60_000) {
      const result = await handleRunCommand(ctx, runId, schedule.tenantId, async () => ({ command: { type: 'RecordMissed', data: { ...common, catchupWindowMinutes: schedule.catchupWindowMinutes } }, extraWrites: () => [advance] }), actor);
      created = result.events.length > 0;
      if (created) tally.missed += 1;
    } else {
      const open = (await openRunsOf(ctx, schedule.tenantId, 'configId', schedule.configId)).filter((r) => r.runId !== runId);
      const blocking = schedule.overlapPolicy === 'skip' ? open[0] : schedule.overlapPolicy === 'buffer_one' ? open.find((r) => r.status !== 'running') : undefined;
      if (blocking) {
        const result = await handleRunCommand(ctx, runId, schedule.tenantId, async () => ({ command: { type: 'RecordSkipped', data: { ...common, blockingRunId: blocking.runId } }, extraWrites: () => [advance] }), actor);
        created = result.events.length > 0;
        if (created) tally.skipped += 1;
      } else {
        if (schedule.overlapPolicy === 'cancel_other') {
          for (const other of open) {
            await cancelRun(ctx, other.runId, `replaced by ${runId} (overlap policy cancel_other)`, actor);
          }
        }
        const request = await requestRun(
          ctx,
          { ...common, pipelineId, trigger: 'schedule', scheduledTime: fire.toISOString(), date: null, parameters: schedule.parameters, priority: schedule.priority, overlapPolicy: schedule.overlapPolicy, maxAttempts, requestedAt: now },
          actor,
          [advance],
        );
        created = request.created;
        if (created) tally.triggered += 1;
        // A run left unqueued by a crash between its request and its dispatch is dispatched by the repeat.
        if (request.state.exists && request.state.status === 'requested') {
          await dispatchRun(ctx, runId, schedule.tenantId, null, actor);
          tally.queued += 1;
        }
      }
    }
    if (!created) {
      tally.duplicates += 1;
      await ctx.db.doc(schedule.path).set(advance.data, { merge: true });
    }
  }
}
