import { mapWithConcurrency } from '../../shared/map-with-concurrency';
import { firestoreConcurrencySlots } from '../read-models';
import type { Actor, ServiceContext } from '../service-context';
import { pipelineLimitsOf } from './pipeline-limits';
import { recoverRunningRun, type Recovery } from './recover-running-run';
import { redispatchRun } from './redispatch-run';
import { runsInStatus, type RunRow } from './run-rows';

export interface ProcessQueueOptions {
  /** How long past its due time a waiting run may go without a start before its task counts as lost (default 2 min). */
  readonly graceMs?: number;
  /** At most this many runs are read per status and call (default 500); the next call takes the rest. */
  readonly batch?: number;
  readonly parallelism?: number;
}

export interface ProcessQueueReport {
  /** Waiting runs (requested, queued, deferred) dispatched again as a new generation. */
  readonly redispatched: number;
  /** Running runs of dead workers given a task to resume them. */
  readonly resumed: number;
  /** Running runs of dead workers past their pipeline timeout, ended timed out. */
  readonly timed_out: number;
  /** Of those, attempts that timed out with a retry left: dispatched again for their next attempt. */
  readonly retried: number;
  readonly examined: number;
  /** Runs this call could not handle (the next call tries again), by code. */
  readonly failures: readonly { readonly run_id: string; readonly code: string }[];
  /** The nudge to the live projections (a catch-up of every partition, beside the periodic one). */
  readonly projections: {
    readonly events_projected: number;
    readonly partitions_failed: number;
    readonly partitions_busy: number;
  };
  readonly duration_ms: number;
}

export const DEFAULT_GRACE_MS = 2 * 60_000;
const DEFAULT_BATCH = 500;

/**
 * The sweeper: finds runs whose task or worker was lost and sets them going again. Waiting runs overdue by
 * the grace period are re-dispatched (requested: never dispatched; queued: the task never started it;
 * deferred: past its retry time); running runs whose slot is missing or expired are resumed or timed out.
 * Safe to run concurrently with itself and with workers: every recovery is decided against the run's
 * current stream and the queue de-duplicates task names.
 */
export async function processQueue(
  ctx: ServiceContext,
  actor: Actor,
  options: ProcessQueueOptions = {},
): Promise<ProcessQueueReport> {
  const started = Date.now();
  const now = ctx.now().getTime();
  const grace = options.graceMs ?? DEFAULT_GRACE_MS;
  const batch = options.batch ?? DEFAULT_BATCH;
  // Nudges the projections while the sweep runs: covers any Eventarc delivery that never came.
  const projecting = ctx.projections.live.catchUpAll();
  const cutoff = new Date(now - grace).toISOString();
  const [requested, queued, deferred, running] = await Promise.all([
    runsInStatus(ctx, 'requested', cutoff, batch),
    runsInStatus(ctx, 'queued', cutoff, batch),
    runsInStatus(ctx, 'deferred', new Date(now).toISOString(), batch),
    runsInStatus(ctx, 'running', undefined, batch),
  ]);
  const overdue = (row: RunRow, slack: number) =>
    Math.max(Date.parse(row.updatedAt), Date.parse(row.notBefore ?? row.updatedAt)) + slack <= now;
  // A deferred run is re-dispatched the moment its deferral ends: its delivery normally queued it at once.
  const waiting = [
    ...requested.rows.filter((r) => overdue(r, grace)),
    ...queued.rows.filter((r) => overdue(r, grace)),
    ...deferred.rows.filter((r) => overdue(r, 0)),
  ];

  const tally = { redispatched: 0, resumed: 0, timed_out: 0, retried: 0 };
  const malformed = [...requested.malformed, ...queued.malformed, ...deferred.malformed, ...running.malformed];
  const failures: { run_id: string; code: string }[] = malformed.map((run_id) => ({
    run_id,
    code: 'MALFORMED_RUN_DOCUMENT',
  }));
  const attempt = async (runId: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      const code = (error as { code?: unknown } | undefined)?.code;
      failures.push({ run_id: runId, code: typeof code === 'string' ? code : 'INTERNAL' });
    }
  };
  const parallelism = options.parallelism ?? 8;
  await mapWithConcurrency(waiting, parallelism, (row) =>
    attempt(row.runId, async () => {
      if (await redispatchRun(ctx, row, actor)) tally.redispatched += 1;
    }),
  );

  const liveSlotsOf = liveSlotsReader(ctx, now);
  const limitsOf = pipelineLimitsOf(ctx);
  await mapWithConcurrency(running.rows, parallelism, (row) =>
    attempt(row.runId, async () => {
      if ((await liveSlotsOf(row.tenantId)).has(row.runId)) return;
      const recovery: Recovery = await recoverRunningRun(ctx, row.runId, limitsOf, actor);
      if (recovery === 'resumed') tally.resumed += 1;
      if (recovery === 'timed_out' || recovery === 'retried') tally.timed_out += 1;
      if (recovery === 'retried') tally.retried += 1;
    }),
  );

  const projected = await projecting;
  return {
    ...tally,
    examined:
      requested.rows.length + queued.rows.length + deferred.rows.length + running.rows.length + malformed.length,
    failures: failures.slice(0, 50),
    projections: {
      events_projected: projected.reduce((sum, outcome) => sum + ('events' in outcome ? outcome.events : 0), 0),
      partitions_failed: projected.filter((outcome) => outcome.status === 'failed' || outcome.status === 'stalled')
        .length,
      partitions_busy: projected.filter((outcome) => outcome.status === 'busy').length,
    },
    duration_ms: Date.now() - started,
  };
}

/** The runs holding a live slot, per tenant, read once per sweep. */
function liveSlotsReader(
  ctx: Pick<ServiceContext, 'db'>,
  now: number,
): (tenantId: string) => Promise<ReadonlySet<string>> {
  const cache = new Map<string, Promise<ReadonlySet<string>>>();
  const slots = firestoreConcurrencySlots(ctx.db);
  return (tenantId) => {
    let live = cache.get(tenantId);
    if (!live) {
      live = slots.liveRunIds(tenantId, now);
      cache.set(tenantId, live);
    }
    return live;
  };
}
