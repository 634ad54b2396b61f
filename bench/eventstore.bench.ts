/**
 * Event-store throughput on the Firestore emulator, against raw `create()` measured in the same run:
 *   (a) raw create of small documents, 64 in flight (baseline)
 *   (b) append of one event to each of 64 streams concurrently (each stream appended to in turn)
 *   (c) appends of 100 events at a time
 * Three interleaved rounds; the median of each is reported. Last line: one JSON object.
 */
import { Firestore } from '@google-cloud/firestore';
import * as t from 'io-ts';
import { createEventRegistry, createEventStore, type StreamHead } from '../src/eventstore';
import { startFirestoreEmulator } from '../src/local/firestore/start-firestore-emulator';
import { median, round, sized, timed } from './support';

const IN_FLIGHT = 64;
const SINGLE_APPENDS = sized(6_400, 128);
const BATCH = 100;
const BATCH_APPENDS = sized(96, 8);
const BATCH_IN_FLIGHT = 8;
const ROUNDS = 3;

async function main(): Promise<void> {
  process.env.METADATA_SERVER_DETECTION = 'none';
  const emulator = await startFirestoreEmulator({ port: 0 });
  process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
  const db = new Firestore({ projectId: `convergence-bench-${process.pid}` });
  const registry = createEventRegistry([
    { type: 'Measured', schemaVersion: 1, codec: t.type({ n: t.number, note: t.string }) },
  ]);
  const store = createEventStore({ db, registry, partitions: 16 });
  const event = (n: number) => ({ type: 'Measured', data: { n, note: 'benchmark payload' } });

  try {
    await timed(500, IN_FLIGHT, (i) => db.doc(`warmup/${i}`).create({ n: i })); // JIT and connection warm-up
    const raw: number[] = [];
    const single: number[] = [];
    const batched: number[] = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      const rawSeconds = await timed(SINGLE_APPENDS, IN_FLIGHT, (i) =>
        db.doc(`raw${r}/${i}`).create({ n: i, note: 'benchmark payload' }),
      );
      raw.push(SINGLE_APPENDS / rawSeconds);

      const heads = new Map<number, StreamHead | 'no_stream'>();
      const singleSeconds = await timed(SINGLE_APPENDS, IN_FLIGHT, async (i, worker) => {
        const result = await store.append(`single${r}-${worker}`, heads.get(worker) ?? 'no_stream', [event(i)], {
          tenantId: `tenant_${worker}`,
        });
        heads.set(worker, result.head);
      });
      single.push(SINGLE_APPENDS / singleSeconds);

      const batchHeads = new Map<number, StreamHead | 'no_stream'>();
      const batchSeconds = await timed(BATCH_APPENDS, BATCH_IN_FLIGHT, async (i, worker) => {
        const events = Array.from({ length: BATCH }, (_, k) => event(i * BATCH + k));
        const result = await store.append(`batch${r}-${worker}`, batchHeads.get(worker) ?? 'no_stream', events, {
          tenantId: `tenant_${worker}`,
        });
        batchHeads.set(worker, result.head);
      });
      batched.push((BATCH_APPENDS * BATCH) / batchSeconds);
      console.log(
        `round ${r + 1}: raw create ${round(raw[r] ?? 0)}/s, append single ${round(single[r] ?? 0)}/s, append x${BATCH} ${round(batched[r] ?? 0)} events/s`,
      );
    }

    const rawPerS = median(raw);
    const singlePerS = median(single);
    const batchPerS = median(batched);
    console.log(`(a) raw create(), ${IN_FLIGHT} in flight:          ${round(rawPerS)} docs/s`);
    console.log(
      `(b) append 1 event, ${IN_FLIGHT} streams at once:    ${round(singlePerS)} events/s  ratio ${round(singlePerS / rawPerS, 2)}`,
    );
    console.log(
      `(c) append ${BATCH} events, ${BATCH_IN_FLIGHT} streams at once:  ${round(batchPerS)} events/s  ratio ${round(batchPerS / rawPerS, 2)}`,
    );
    console.log(
      JSON.stringify({
        raw_create_per_s: round(rawPerS),
        append_single_per_s: round(singlePerS),
        append_batch_per_s: round(batchPerS),
        ratio_single: round(singlePerS / rawPerS, 3),
        ratio_batch: round(batchPerS / rawPerS, 3),
      }),
    );
  } finally {
    await db.terminate();
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
