import fc from 'fast-check';
import { WrongExpectedRevision, type Position, type RecordedEvent } from '../../src/eventstore';
import { testFirestore } from '../support/firestore';
import { until } from '../support/until';
import { increment, testEventStore } from './support';

/**
 * Several writers append to random streams of several tenants while a reader pages through every partition
 * behind the settle watermark. Whatever the interleaving, the union of the pages holds every event exactly
 * once, and each stream's events arrive in revision order.
 */
describe('partition reader under concurrent writers (property)', () => {
  const db = testFirestore();
  const store = testEventStore(db, { partitions: 4, settleMs: 150 });
  afterAll(() => db.terminate());

  const appendPlan = fc.record({ stream: fc.nat(7), events: fc.integer({ min: 1, max: 3 }) });
  const scenario = fc.record({
    tenants: fc.integer({ min: 2, max: 5 }),
    writers: fc.array(fc.array(appendPlan, { minLength: 3, maxLength: 12 }), { minLength: 2, maxLength: 6 }),
    pageSize: fc.integer({ min: 1, max: 7 }),
  });

  let run = 0;
  let eventsInStore = 0;
  it('reads every event exactly once, each stream in revision order', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ tenants, writers, pageSize }) => {
        run += 1;
        const prefix = `r${run}x`;
        const streamOf = (n: number) => ({ tenantId: `${prefix}_t${n % tenants}`, streamId: `${prefix}-s${n}` });

        let writersDone = false;
        const writing = Promise.all(
          writers.map(async (plan) => {
            for (const step of plan) {
              const { tenantId, streamId } = streamOf(step.stream);
              await appendRetrying(streamId, tenantId, step.events);
            }
          }),
        ).finally(() => {
          writersDone = true;
        });

        const seen: RecordedEvent[] = [];
        const positions = new Map<number, Position | undefined>();
        const pass = async (settleMs?: number) => {
          let full = false;
          for (let partition = 0; partition < store.partitions; partition += 1) {
            const page = await store.readPartition(partition, {
              after: positions.get(partition),
              limit: pageSize,
              settleMs,
            });
            positions.set(partition, page.position);
            seen.push(...page.events.filter((e) => e.tenantId.startsWith(`${prefix}_`)));
            full ||= page.events.length === pageSize;
          }
          return full;
        };
        await until(
          async () => {
            if (writersDone) return true;
            await pass();
            return false;
          },
          { what: 'the writers to finish while the reader pages behind them', timeoutMs: 30_000 },
        );
        await writing;
        // Writers are done and their commits acknowledged: a settle of 0 now loses nothing. Each run reads the
        // partitions from the start (earlier runs' events too) and every full page moves a partition on, so
        // more passes than events in the store would mean the reader is stuck.
        eventsInStore += writers.flat().reduce((sum, step) => sum + step.events, 0);
        await until(async () => !(await pass(0)), {
          what: 'a pass with no full page (the rest of the events read)',
          maxChecks: eventsInStore + 1,
        });

        const written = new Map<string, number>();
        for (const plan of writers)
          for (const step of plan) {
            const { streamId } = streamOf(step.stream);
            written.set(streamId, (written.get(streamId) ?? 0) + step.events);
          }
        const paths = seen.map((e) => e.position.path);
        expect(new Set(paths).size).toBe(paths.length);
        expect(seen.length).toBe([...written.values()].reduce((a, b) => a + b, 0));
        for (const [streamId, count] of written) {
          const revisions = seen.filter((e) => e.streamId === streamId).map((e) => e.revision);
          expect(revisions).toEqual(Array.from({ length: count }, (_, i) => i + 1));
        }
      }),
      { numRuns: 8 },
    );
  });

  async function appendRetrying(streamId: string, tenantId: string, events: number): Promise<void> {
    // Every conflict means another writer's append to this stream went through; there are far fewer of those.
    for (let attempt = 1; ; attempt += 1) {
      if (attempt > 100) throw new Error(`append to ${streamId} still conflicting after 100 attempts`);
      try {
        const { head } = await store.readStream(streamId);
        await store.append(
          streamId,
          head,
          Array.from({ length: events }, (_, i) => increment(i)),
          { tenantId },
        );
        return;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision)) throw error;
      }
    }
  }
});
