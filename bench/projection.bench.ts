/**
 * Projection throughput and replay memory on the local stack (Firestore emulator; the local BigQuery endpoint
 * in its own process, as BigQuery is remote in production):
 *   raw read:  every partition read as the projector reads it (streamed queries of 10k documents, 4 partitions
 *              at once), nothing projected — the baseline
 *   raw merge: one mergeRows of 10k new tenant_pipeline_runs rows — the warehouse's own rate
 *   project:   the live projector catching up all partitions over PROJECT_EVENTS events (default 100k)
 *   replay:    the log grown to REPLAY_EVENTS (default 1M), rebuilt into a shadow set by a fresh process (as
 *              `convergence replay` runs); its duration and peak RSS (sampled every 100 ms), with its RSS at each
 *              quarter to show it stays flat as the log is read.
 * Last line: one JSON object.
 */
import { Firestore } from '@google-cloud/firestore';
import { serviceEventRegistry } from '../src/app/event-registry';
import { createEventStore, type Position } from '../src/eventstore';
import { localBigQueryClientOptions } from '../src/local/bigquery/client-options';
import { startFirestoreEmulator } from '../src/local/firestore/start-firestore-emulator';
import { LIVE_SET } from '../src/projections/projection-set';
import { createProjector } from '../src/projections/runtime/projector';
import { projections } from '../src/projections/tables';
import { BigQueryWarehouse } from '../src/warehouse/bigquery';
import { CENTRAL_DATASET, centralTable, centralTables } from '../src/warehouse/tables';
import type { Row } from '../src/warehouse/warehouse';
import { EVENTS_PER_RUN, seedLog } from './projection/seed-log';
import { runReplayProcess } from './projection/replay-child';
import { startWarehouseChild } from './projection/warehouse-child';
import { round, sized } from './support';

const PROJECT_EVENTS = Number(process.env.PROJECT_EVENTS ?? sized(100_000, 2_000));
const REPLAY_EVENTS = Number(process.env.REPLAY_EVENTS ?? sized(1_000_000, 4_000));
const TENANTS = 200;
const CONCURRENCY = 4;
/** The live projector's defaults: documents per streamed partition query, events per merge batch. */
const READ_LIMIT = 10_000;

async function main(): Promise<void> {
  process.env.METADATA_SERVER_DETECTION = 'none';
  // The emulator keeps every document in its heap; at a million events the JVM's default (a quarter of RAM)
  // is spent on garbage collection. BENCH_EMULATOR_HEAP overrides it.
  process.env.JAVA_TOOL_OPTIONS = `-Xmx${process.env.BENCH_EMULATOR_HEAP ?? '14g'}`;
  const emulator = await startFirestoreEmulator({ port: 0 });
  process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
  const projectId = `convergence-bench-${process.pid}`;
  const child = await startWarehouseChild(projectId);
  const db = new Firestore({ projectId });
  // Every writer is done before anything reads: no settle needed.
  const store = createEventStore({ db, registry: serviceEventRegistry(), partitions: 16, settleMs: 0 });
  const warehouse = new BigQueryWarehouse({
    client: localBigQueryClientOptions(child.url, projectId),
    projectId,
    location: 'US',
  });
  try {
    await warehouse.ensureDataset(CENTRAL_DATASET);
    for (const table of centralTables) await warehouse.ensureTable(CENTRAL_DATASET, table);

    const runs = Math.ceil((PROJECT_EVENTS - TENANTS * 4) / EVENTS_PER_RUN);
    let seeded = Date.now();
    const events = await seedLog(store, { tenants: TENANTS, runs, label: 'a', withTenants: true });
    console.log(
      `seeded ${events} events (${TENANTS} tenants, ${runs} runs) in ${round((Date.now() - seeded) / 1000, 1)} s`,
    );

    let read = 0;
    const readSeconds = await timedSeconds(async () => (read = await readAllPartitions(store)));
    if (read !== events) throw new Error(`raw read saw ${read} of ${events} events`);
    const rawReadPerS = events / readSeconds;
    console.log(`raw read:  ${round(rawReadPerS)} events/s`);

    await warehouse.ensureDataset('bench_scratch');
    const scratch = centralTable('tenant_pipeline_runs');
    await warehouse.ensureTable('bench_scratch', scratch);
    const rows = Array.from({ length: 10_000 }, (_, i) => runRow(i));
    const mergeSeconds = await timedSeconds(() => warehouse.mergeRows('bench_scratch', scratch, rows));
    const rawMergePerS = rows.length / mergeSeconds;
    console.log(`raw merge: ${round(rawMergePerS)} rows/s`);

    const projector = createProjector({
      db,
      store,
      warehouse,
      projections,
      set: LIVE_SET,
      owner: 'bench',
      concurrency: CONCURRENCY,
      settleMs: 0,
      readLimit: READ_LIMIT,
    });
    const projectSeconds = await timedSeconds(async () => {
      // A transient failure (the warehouse busy) leaves its partition to the next round, as the periodic catch-up would.
      for (let round = 1; ; round += 1) {
        const bad = (await projector.catchUpAll()).filter((outcome) => outcome.status !== 'done');
        if (bad.length === 0) return;
        console.log(
          `  round ${round}: ${bad.length} partition(s) not finished (${JSON.stringify(bad[0]).slice(0, 200)}); again`,
        );
        if (round >= 5) throw new Error('projection did not finish in 5 rounds');
      }
    });
    const projectPerS = events / projectSeconds;
    // The goal is measured against the slower of the two things a projection must do: read and merge.
    const projectRatio = projectPerS / Math.min(rawReadPerS, rawMergePerS);
    console.log(
      `project:   ${round(projectPerS)} events/s (${round(projectSeconds, 1)} s; ratio to raw read ${round(projectPerS / rawReadPerS, 3)}, to raw merge ${round(projectPerS / rawMergePerS, 3)}, to the slower ${round(projectRatio, 3)})`,
    );

    const moreRuns = Math.max(0, Math.ceil((REPLAY_EVENTS - events) / EVENTS_PER_RUN));
    seeded = Date.now();
    const replayEvents =
      events + (await seedLog(store, { tenants: TENANTS, runs: moreRuns, label: 'b', withTenants: false }));
    console.log(`grew the log to ${replayEvents} events in ${round((Date.now() - seeded) / 1000, 1)} s`);

    // The replay runs in its own process, as `convergence replay` does: its RSS is the replay's alone.
    const replay = await runReplayProcess(emulator.host, projectId, child.url);
    const replaySeconds = replay.replay_s;
    const peakMb = replay.peak_rss_mb;
    console.log(
      `replay:    ${replay.replay_events} of ${replayEvents} events in ${replaySeconds} s (${round(replay.replay_events / replaySeconds)} events/s), peak RSS ${peakMb} MB, RSS at each quarter ${replay.quarters_rss_mb.join(' / ')} MB`,
    );
    console.log(`  at the peak (MB): ${JSON.stringify(replay.at_peak_mb)}`);
    console.log(
      JSON.stringify({
        project_events_per_s: round(projectPerS),
        raw_read_events_per_s: round(rawReadPerS),
        raw_merge_rows_per_s: round(rawMergePerS),
        project_ratio: round(projectRatio, 3),
        replay_events: replay.replay_events,
        replay_s: round(replaySeconds, 1),
        replay_cpu_s: replay.replay_cpu_s,
        replay_peak_rss_mb: peakMb,
      }),
    );
  } finally {
    await db.terminate();
    await child.stop();
    await emulator.stop();
  }
}

/** What the projector reads, without projecting: the same streamed queries of READ_LIMIT documents. */
async function readAllPartitions(store: ReturnType<typeof createEventStore>): Promise<number> {
  let next = 0;
  let read = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < store.partitions) {
        const partition = next++;
        let after: Position | undefined;
        for (;;) {
          let seen = 0;
          for await (const entry of store.streamPartition(partition, { after, limit: READ_LIMIT, settleMs: 0 })
            .entries) {
            seen += 1;
            if (entry.kind === 'event') after = entry.event.position;
          }
          read += seen;
          if (seen < READ_LIMIT) break;
        }
      }
    }),
  );
  return read;
}

async function timedSeconds(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function runRow(i: number): Row {
  const at = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  return {
    tenant_id: `tenant_${i % 50}`,
    run_id: `run_${String(i).padStart(7, '0')}`,
    pipeline_id: 'gcp/cost/billing_cost_daily',
    pipeline_version: '1.0.0',
    schedule_id: 'daily',
    trigger_type: 'SCHEDULED',
    triggered_by: 'scheduler',
    status: 'SUCCEEDED',
    status_reason: null,
    scheduled_time: at,
    requested_at: at,
    started_at: at,
    finished_at: at,
    duration_ms: 1_000,
    steps_total: 3,
    steps_succeeded: 3,
    steps_failed: 0,
    steps_skipped: 0,
    parameters: { date: '2026-01-01' },
    error_message: null,
    correlation_id: `corr_${i}`,
    attempts: 1,
    usage_date: at.slice(0, 10),
    source_revision: 10,
    source_stream_id: `run-run_${i}`,
    source_event_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    updated_at: at,
  };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
