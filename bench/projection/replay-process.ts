/**
 * The replay of bench:projection in a fresh process, as `convergence replay` runs: its RSS is the replay's
 * alone, not the seeding's leftovers. Argv: FIRESTORE_HOST PROJECT_ID WAREHOUSE_URL REPLAY_ID. Prints a quarter
 * line at each 25 % and, last, one JSON object.
 */
import { getHeapStatistics } from 'node:v8';
import { Firestore } from '@google-cloud/firestore';
import { serviceEventRegistry } from '../../src/app/event-registry';
import { createEventStore } from '../../src/eventstore';
import { localBigQueryClientOptions } from '../../src/local/bigquery/client-options';
import { rebuildShadow } from '../../src/projections/replay/rebuild-shadow';
import { projections } from '../../src/projections/tables';
import { BigQueryWarehouse } from '../../src/warehouse/bigquery';
import { centralTables } from '../../src/warehouse/tables';

async function main(): Promise<void> {
  const [firestoreHost, projectId, warehouseUrl, replayId] = process.argv.slice(2) as [string, string, string, string];
  process.env.FIRESTORE_EMULATOR_HOST = firestoreHost;
  process.env.METADATA_SERVER_DETECTION = 'none';
  const db = new Firestore({ projectId });
  const store = createEventStore({ db, registry: serviceEventRegistry(), partitions: 16, settleMs: 0 });
  const warehouse = new BigQueryWarehouse({
    client: localBigQueryClientOptions(warehouseUrl, projectId),
    projectId,
    location: 'US',
  });
  const mb = () => Math.round(process.memoryUsage().rss / 2 ** 20);
  console.log(
    `  replay process: RSS ${mb()} MB before the rebuild, heap limit ${Math.round(getHeapStatistics().heap_size_limit / 2 ** 20)} MB`,
  );
  let peak = mb();
  // What the peak was made of (V8 heap, buffers outside it), to tell a live set from uncollected garbage.
  let atPeak = process.memoryUsage();
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    if (usage.rss / 2 ** 20 > peak) {
      peak = Math.round(usage.rss / 2 ** 20);
      atPeak = usage;
    }
  }, 100);
  const quarters: number[] = [];
  const started = process.hrtime.bigint();
  // CPU seconds as well as wall time: on a shared machine the wall time also measures the neighbours.
  const cpuBefore = process.cpuUsage();
  const result = await rebuildShadow(
    { db, store, warehouse, projections, tables: centralTables, recreateViews: async () => undefined },
    {
      replayId,
      concurrency: 4,
      ...(process.env.REPLAY_BATCH_SIZE ? { batchSize: Number(process.env.REPLAY_BATCH_SIZE) } : {}),
      ...(process.env.REPLAY_READ_LIMIT ? { readLimit: Number(process.env.REPLAY_READ_LIMIT) } : {}),
      onProgress: (progress) => {
        const quarter = Math.floor((4 * progress.projectedEvents) / Math.max(progress.totalEvents, 1));
        if (quarter > quarters.length && quarter <= 4) {
          quarters.push(mb());
          console.log(
            `  replay ${quarter * 25}%: ${progress.projectedEvents} events, ${progress.eventsPerSecond} events/s, RSS ${mb()} MB`,
          );
        }
      },
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  console.log(
    JSON.stringify({
      replay_events: result.projectedEvents,
      replay_s: Math.round(seconds * 10) / 10,
      replay_cpu_s: Math.round((cpu.user + cpu.system) / 1e5) / 10,
      peak_rss_mb: Math.max(peak, mb()),
      quarters_rss_mb: quarters,
      at_peak_mb: Object.fromEntries(Object.entries(atPeak).map(([k, v]) => [k, Math.round(v / 2 ** 20)])),
      dead_letters: result.deadLetters,
    }),
  );
  await db.terminate();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
