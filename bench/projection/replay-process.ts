/**
 * The replay of bench:projection in a fresh process, as `convergence replay` runs: its RSS is the replay's
 * alone, not the seeding's leftovers. Argv: FIRESTORE_HOST PROJECT_ID WAREHOUSE_URL REPLAY_ID. Prints a quarter
 * line at each 25 % and, last, one JSON object.
 */
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
  const warehouse = new BigQueryWarehouse({ client: localBigQueryClientOptions(warehouseUrl, projectId), projectId, location: 'US' });
  const mb = () => Math.round(process.memoryUsage().rss / 2 ** 20);
  let peak = mb();
  const sampler = setInterval(() => (peak = Math.max(peak, mb())), 100);
  const quarters: number[] = [];
  const started = process.hrtime.bigint();
  const result = await rebuildShadow(
    { db, store, warehouse, projections, tables: centralTables, recreateViews: async () => undefined },
    {
      replayId,
      concurrency: 4,
      onProgress: (progress) => {
        const quarter = Math.floor((4 * progress.projectedEvents) / Math.max(progress.totalEvents, 1));
        if (quarter > quarters.length && quarter <= 4) {
          quarters.push(mb());
          console.log(`  replay ${quarter * 25}%: ${progress.projectedEvents} events, ${progress.eventsPerSecond} events/s, RSS ${mb()} MB`);
        }
      },
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  console.log(JSON.stringify({ replay_events: result.projectedEvents, replay_s: Math.round(seconds * 10) / 10, peak_rss_mb: Math.max(peak, mb()), quarters_rss_mb: quarters, dead_letters: result.deadLetters }));
  await db.terminate();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
