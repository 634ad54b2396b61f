/**
 * Scheduler trigger at scale on the local stack: 1,000 tenants with 2 due pipelines each, ONE triggerSchedules
 * call that requests and dispatches all 2,000 runs (run stream + `runs/` read model + index advance, then
 * RunQueued + a Cloud Tasks task each), the tasks delivered by the local Cloud Tasks server to the service's
 * HTTP app in this process, which starts each run (gate + RunStarted) and runs its single no-op step.
 * Reported: runs requested-and-dispatched per second, the trigger's duration, p50/p99 from each run's
 * RunQueued commit to its RunStarted commit, and raw `create()` on the same emulator in the same run as the
 * baseline (ratio = runs_per_s / raw_create_per_s). Last line: one JSON object.
 * Deliveries start while the trigger is still dispatching, so executions share this process and the emulator with
 * it, as they do on the local stack; the trigger's figures include that competition, at the queue's rate: the
 * service's default (10 dispatches/s) unless BENCH_QUEUE_RATE raises it. The dispatch -> start delays are then
 * mostly the queue's rate limit, which is its purpose (it protects BigQuery and the tenants' quotas).
 *
 * Before it, a warm-up pass (not measured) triggers 40 other tenants' runs on an earlier tick and waits for them to
 * finish, so the service's code is compiled by the JIT as in a running service, as the emulator is warmed by the
 * baseline's own warm-up; those tenants are not due at the measured tick and their runs are left out of the figures.
 *
 * BENCH_TRIGGER_PARALLELISM overrides the tenants handled at once (default: triggerSchedules' own default, 64,
 * which is what POST /api/v1/scheduler/trigger uses).
 */
import { triggerSchedules } from '../src/app/scheduling/trigger-schedules';
import { median, round, sized, timed } from './support';
import { delays, percentile, runTimes, TaskWatch, waitForStarts } from './trigger/measure';
import { seedTenants } from './trigger/seed';
import { BENCH_QUEUE_SETTINGS, startBenchStack } from './trigger/stack';

const TENANTS = sized(1_000, 20);
const PIPELINES_PER_TENANT = 2;
const RUNS = TENANTS * PIPELINES_PER_TENANT;
const PARALLELISM = Number(process.env.BENCH_TRIGGER_PARALLELISM ?? 64);
const RAW_CREATES = sized(2_000, 200);
const RAW_IN_FLIGHT = 64;
const RAW_ROUNDS = 3;
// At the default 10 dispatches/s the last of 2,000 runs starts after ~200 s.
const START_TIMEOUT_MS = 420_000;
const FINISH_TIMEOUT_MS = 120_000;
const TARGET_S = 5;
const WARMUP_TENANTS = sized(40, 4);
const WARMUP_PREFIX = 'bench_w';

async function main(): Promise<void> {
  const setupStarted = Date.now();
  const stack = await startBenchStack();
  const { ctx, db } = stack;
  let watch: TaskWatch | undefined;
  try {
    const { maxDispatchesPerSecond, maxConcurrentDispatches } = BENCH_QUEUE_SETTINGS.rateLimits;
    console.log(
      `queue: maxDispatchesPerSecond ${maxDispatchesPerSecond}, maxConcurrentDispatches ${maxConcurrentDispatches} (the service's defaults unless BENCH_QUEUE_RATE is set)`,
    );
    const tick = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const seedStarted = Date.now();
    await seedTenants(db, TENANTS, tick);
    console.log(
      `seeded ${TENANTS} tenants x ${PIPELINES_PER_TENANT} schedules due at ${tick.toISOString()} in ${round((Date.now() - seedStarted) / 1000, 1)} s (setup, not measured; stack up in ${round((seedStarted - setupStarted) / 1000, 1)} s)`,
    );

    // Warm-up: due half an hour before the tick, and next at half past it, so not due at the tick.
    const warmTick = new Date(tick.getTime() - 30 * 60_000);
    await seedTenants(db, WARMUP_TENANTS, warmTick, { prefix: WARMUP_PREFIX, cron: '30 * * * *' });
    const warmWatch = new TaskWatch(stack.tasks);
    const warm = await triggerSchedules(ctx, warmTick, { actor: 'service:bench' }, PARALLELISM);
    const warmed = await warmWatch.until(warm.queued, FINISH_TIMEOUT_MS);
    warmWatch.close();
    if (warm.queued !== WARMUP_TENANTS * PIPELINES_PER_TENANT || warmed < warm.queued)
      throw new Error(`warm-up: ${warm.queued} runs dispatched, ${warmed} finished`);
    console.log(
      `warm-up (not measured): ${warm.queued} runs of ${WARMUP_TENANTS} other tenants triggered and executed`,
    );
    watch = new TaskWatch(stack.tasks);

    // Baseline on the same emulator, same data, right before the trigger.
    await timed(500, RAW_IN_FLIGHT, (i) => db.doc(`warmup/${i}`).create({ n: i }));
    const raw: number[] = [];
    for (let r = 0; r < RAW_ROUNDS; r += 1) {
      const seconds = await timed(RAW_CREATES, RAW_IN_FLIGHT, (i) =>
        db.doc(`raw${r}/${i}`).create({ n: i, note: 'benchmark payload' }),
      );
      raw.push(RAW_CREATES / seconds);
    }
    const rawPerS = median(raw);
    console.log(
      `raw create(), ${RAW_IN_FLIGHT} in flight: ${round(rawPerS)} docs/s (median of ${RAW_ROUNDS} x ${RAW_CREATES}: ${raw.map((v) => round(v)).join(', ')})`,
    );

    const triggerStarted = Date.now();
    const hr = process.hrtime.bigint();
    const report = await triggerSchedules(ctx, tick, { actor: 'service:bench' }, PARALLELISM);
    const triggerS = Number(process.hrtime.bigint() - hr) / 1e9;
    const runsPerS = report.triggered / triggerS;
    console.log(
      `trigger (parallelism ${PARALLELISM}): ${report.triggered} runs requested, ${report.queued} dispatched in ${round(triggerS, 2)} s -> ${round(runsPerS)} runs/s, ratio ${round(runsPerS / rawPerS, 3)} of raw create`,
    );
    console.log(`trigger report: ${JSON.stringify(report)}`);
    const checks = [
      report.triggered === RUNS,
      report.queued === RUNS,
      report.tenants === TENANTS,
      report.skipped + report.missed + report.duplicates === 0,
    ];
    if (!checks.every(Boolean))
      console.log(
        `CHECK FAILED: expected triggered == queued == ${RUNS} over ${TENANTS} tenants, nothing skipped, missed or duplicated`,
      );
    console.log(
      `runs started during the trigger: ${watch.attemptStartedAt.size} task deliveries began before it returned (executions share this process and the emulator)`,
    );

    const warmRuns = WARMUP_TENANTS * PIPELINES_PER_TENANT;
    const started =
      (await waitForStarts(db, report.queued + warmRuns, START_TIMEOUT_MS, (n) =>
        console.log(`  ... ${n - warmRuns}/${report.queued} runs started`),
      )) - warmRuns;
    const allStartedS = (Date.now() - triggerStarted) / 1000;
    const timedOut = started < report.queued;
    if (timedOut)
      console.log(`TIMEOUT: only ${started}/${report.queued} runs started within ${START_TIMEOUT_MS / 1000} s`);
    const finished = await watch.until(report.queued, FINISH_TIMEOUT_MS);
    const unfinished = finished < report.queued;
    if (unfinished)
      console.log(`TIMEOUT: only ${finished}/${report.queued} tasks finished within ${FINISH_TIMEOUT_MS / 1000} s`);

    const times = await runTimes(db, (runId) => !runId.startsWith(WARMUP_PREFIX));
    const dispatchToStart = delays(times.queuedAt, times.startedAt);
    const queueWait = delays(times.queuedAt, watch.attemptStartedAt);
    const handlerToStart = delays(watch.attemptStartedAt, times.startedAt);
    const p50 = percentile(dispatchToStart, 50);
    const p99 = percentile(dispatchToStart, 99);
    console.log(
      `dispatch -> start (RunQueued commit -> RunStarted commit), ${dispatchToStart.length} runs: p50 ${round(p50)} ms, p99 ${round(p99)} ms, max ${round(Math.max(...dispatchToStart))} ms`,
    );
    console.log(
      `  of which RunQueued -> task delivery began: p50 ${round(percentile(queueWait, 50))} ms, p99 ${round(percentile(queueWait, 99))} ms; delivery -> RunStarted: p50 ${round(percentile(handlerToStart, 50))} ms, p99 ${round(percentile(handlerToStart, 99))} ms`,
    );
    console.log(
      `all ${started} runs started ${round(allStartedS, 1)} s after the trigger began; ${finished} tasks finished; ${times.redispatched} runs dispatched more than once`,
    );
    console.log(
      `target (all ${RUNS} runs requested and dispatched within ${TARGET_S} s): ${report.triggered === RUNS && report.queued === RUNS && triggerS <= TARGET_S ? 'met' : 'NOT met'} (${round(triggerS, 2)} s)`,
    );

    const result = {
      runs: report.triggered,
      trigger_s: round(triggerS, 3),
      runs_per_s: round(runsPerS, 1),
      dispatch_to_start_p50_ms: round(p50),
      dispatch_to_start_p99_ms: round(p99),
      raw_create_per_s: round(rawPerS),
      ratio: round(runsPerS / rawPerS, 4),
    };
    // A run lost or never started fails the benchmark (and bench:smoke in CI), not only its target.
    if (!checks.every(Boolean) || timedOut || unfinished) process.exitCode = 1;
    watch.close();
    await stack.stop();
    console.log(JSON.stringify(result));
  } catch (error) {
    watch?.close();
    await stack.stop();
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
