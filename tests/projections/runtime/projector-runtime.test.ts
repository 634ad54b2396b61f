import { Timestamp } from '@google-cloud/firestore';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../../src/http/app';
import type { RecordedEvent } from '../../../src/eventstore';
import { startLocalBigQuery, type RunningLocalBigQuery } from '../../../src/local/bigquery/start-local-bigquery';
import { localBigQueryClientOptions } from '../../../src/local/bigquery/client-options';
import type { Projection } from '../../../src/projections/projection';
import type { ProjectionSet } from '../../../src/projections/projection-set';
import { checkpointPath, deadLettersCollection } from '../../../src/projections/runtime/checkpoint-paths';
import { PartitionLeaseLost } from '../../../src/projections/runtime/partition-lease';
import { projectBatch } from '../../../src/projections/runtime/project-batch';
import { createProjector, type ProjectorOptions } from '../../../src/projections/runtime/projector';
import { StreamPrefixCache } from '../../../src/projections/runtime/stream-prefixes';
import { BigQueryWarehouse } from '../../../src/warehouse/bigquery';
import { clearTestDatabase, testFirestore } from '../../support/firestore';
import { increment, testEventStore } from '../../eventstore/support';
import { counterTotals, counterTotalsProjection, tenantTotals, tenantTotalsProjection } from './counter-projections';

/**
 * The projector runtime on the real emulator and the local BigQuery endpoint, with two small test
 * projections (a per-stream fold and a per-tenant aggregate) so the mechanics are tested on their own.
 */
describe('projector runtime', () => {
  const db = testFirestore();
  const store = testEventStore(db, { partitions: 4, settleMs: 0 });
  const projections: readonly Projection[] = [counterTotalsProjection, tenantTotalsProjection];
  let endpoint: RunningLocalBigQuery;
  let warehouse: BigQueryWarehouse;
  let sets = 0;

  beforeAll(async () => {
    endpoint = await startLocalBigQuery({ projectId: 'projector-test' });
    warehouse = new BigQueryWarehouse({
      client: localBigQueryClientOptions(endpoint.url, endpoint.projectId),
      projectId: endpoint.projectId,
      location: 'US',
    });
  });
  afterAll(async () => {
    await endpoint.stop();
    await db.terminate();
  });
  // Every test appends the streams it projects to an empty log: none reads another's (a poisoned or malformed
  // event set aside by one test would fail a later test that projects every event).
  beforeEach(clearTestDatabase);

  async function freshSet(): Promise<ProjectionSet> {
    sets += 1;
    const set = { setId: `t${process.pid}s${sets}`, dataset: `proj_${process.pid}_${sets}` };
    await warehouse.ensureDataset(set.dataset);
    await warehouse.ensureTable(set.dataset, counterTotals);
    await warehouse.ensureTable(set.dataset, tenantTotals);
    return set;
  }

  const projector = (set: ProjectionSet, overrides: Partial<ProjectorOptions> = {}) =>
    createProjector({
      db,
      store,
      warehouse,
      projections,
      set,
      owner: 'instance-a',
      batchSize: 7,
      readLimit: 11,
      maxAttempts: 3,
      ...overrides,
    });

  const tableRows = async (set: ProjectionSet, table: string) =>
    (
      await warehouse.runQuery(
        `SELECT * FROM \`${set.dataset}.${table}\` ORDER BY tenant_id${table === 'counter_totals' ? ', stream_id' : ''}`,
      )
    ).rows;

  let streams = 0;
  /** Appends `increments` to a fresh stream of `tenant` (one event each) and returns its id. */
  async function counterStream(tenant: string, increments: readonly number[]): Promise<string> {
    streams += 1;
    const streamId = `counter-${process.pid}-${streams}`;
    let revision = 0;
    for (const by of increments) {
      await store.append(streamId, revision, [increment(by)], { tenantId: tenant });
      revision += 1;
    }
    return streamId;
  }

  async function allEvents(): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for (let partition = 0; partition < store.partitions; partition += 1) {
      let after;
      for (let pages = 1; ; pages += 1) {
        if (pages > 100) throw new Error(`partition ${partition} still has full pages after 100 pages of 500`);
        const page = await store.readPartition(partition, { after, limit: 500 });
        events.push(...page.events);
        after = page.position;
        if (page.events.length < 500) break;
      }
    }
    return events;
  }

  it('projects every partition: one row per stream, tenant aggregates recomputed from them', async () => {
    const set = await freshSet();
    const a = await counterStream('tenant_a', [1, 2, 3]);
    const b = await counterStream('tenant_b', [10]);
    await counterStream('tenant_a', [5, 5]);
    const outcomes = await projector(set).catchUpAll();
    expect(outcomes.every((o) => o.status === 'done')).toBe(true);
    const totals = await tableRows(set, 'counter_totals');
    expect(totals.find((row) => row.stream_id === a)).toMatchObject({
      tenant_id: 'tenant_a',
      total: 6,
      events: 3,
      source_revision: 3,
    });
    expect(totals.find((row) => row.stream_id === b)).toMatchObject({
      tenant_id: 'tenant_b',
      total: 10,
      events: 1,
      source_revision: 1,
    });
    const tenants = await tableRows(set, 'tenant_totals');
    expect(tenants.find((row) => row.tenant_id === 'tenant_a')).toMatchObject({ streams: 2, total: 16 });
  });

  it('gives identical tables when every event is applied twice, in shuffled batches', async () => {
    await counterStream('tenant_c', [4, 4, 4, 4]);
    await counterStream('tenant_d', [7, 1]);
    const events = await allEvents();
    const ordered = await freshSet();
    const shuffled = await freshSet();
    const target = (set: ProjectionSet) => ({
      warehouse,
      dataset: set.dataset,
      projections,
      readStream: async (id: string) => (await store.readStream(id)).events,
      cache: new StreamPrefixCache(),
      timeoutMs: 30_000,
    });
    await projectBatch(events, target(ordered));
    // A deterministic shuffle (seeded) of every event twice, applied in batches of 5.
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const twice = [...events, ...events]
      .map((event) => ({ event, key: random() }))
      .sort((x, y) => x.key - y.key)
      .map((x) => x.event);
    const shuffledTarget = target(shuffled);
    for (let i = 0; i < twice.length; i += 5) await projectBatch(twice.slice(i, i + 5), shuffledTarget);
    for (const table of ['counter_totals', 'tenant_totals']) {
      const [left, right] = await Promise.all([
        warehouse.checksumTable({ dataset: ordered.dataset, table }),
        warehouse.checksumTable({ dataset: shuffled.dataset, table }),
      ]);
      expect(right).toEqual(left);
      expect(left.rows).toBeGreaterThan(0);
    }
  });

  it('re-applies a batch whose checkpoint was lost in a crash without duplicating rows', async () => {
    for (const [tenant, increments] of [
      ['tenant_e', [1, 2, 3, 4, 5, 6, 7, 8]],
      ['tenant_f', [9, 9, 9, 9, 9]],
      ['tenant_e', [2, 2]],
    ] as const)
      await counterStream(tenant, increments);
    const set = await freshSet();
    let crashes = 1;
    const crashing = projector(set, {
      afterBatchMerged: () => {
        if (crashes-- > 0) throw Object.assign(new Error('process died between merge and checkpoint'), { code: 14 });
      },
    });
    const first = await crashing.catchUpAll();
    expect(first.some((o) => o.status === 'failed')).toBe(true);
    const second = await crashing.catchUpAll();
    expect(second.every((o) => o.status === 'done')).toBe(true);
    const rows = await tableRows(set, 'counter_totals');
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((row) => row.stream_id)).size).toBe(rows.length);
    const reference = await freshSet();
    await projector(reference).catchUpAll();
    expect(await warehouse.checksumTable({ dataset: set.dataset, table: 'counter_totals' })).toEqual(
      await warehouse.checksumTable({ dataset: reference.dataset, table: 'counter_totals' }),
    );
  });

  it('lets one of two racing instances own each partition', async () => {
    // Streams of eight tenants, so that every partition has events to race for.
    for (let tenant = 0; tenant < 8; tenant += 1) await counterStream(`race_${tenant}`, [1, 2, 3, 4, 5]);
    const set = await freshSet();
    const mergedBy = new Map<number, Set<string>>();
    const record = (owner: string) => (partition: number) => {
      mergedBy.set(partition, (mergedBy.get(partition) ?? new Set()).add(owner));
    };
    const a = projector(set, { owner: 'instance-a', afterBatchMerged: record('instance-a'), concurrency: 4 });
    const b = projector(set, { owner: 'instance-b', afterBatchMerged: record('instance-b'), concurrency: 4 });
    const [fromA, fromB] = await Promise.all([a.catchUpAll(), b.catchUpAll()]);
    for (const [, owners] of mergedBy) expect(owners.size).toBe(1);
    expect([...fromA, ...fromB].some((o) => o.status === 'busy')).toBe(true);
    const reference = await freshSet();
    await projector(reference).catchUpAll();
    expect(await warehouse.checksumTable({ dataset: set.dataset, table: 'counter_totals' })).toEqual(
      await warehouse.checksumTable({ dataset: reference.dataset, table: 'counter_totals' }),
    );
  });

  it('stops at once when another instance takes the partition mid-batch: PartitionLeaseLost, nothing blamed', async () => {
    const set = await freshSet();
    const streamId = await counterStream('tenant_l', [1, 2, 3]);
    const partition = (await store.readStream(streamId)).events[0]!.partition;
    let merges = 0;
    const taken = projector(set, {
      afterBatchMerged: async () => {
        merges += 1;
        // Another owner writes the checkpoint between our merge and our compare-and-set.
        await db.doc(checkpointPath(set, partition)).update({ leaseOwner: 'instance-b' });
      },
    });
    await expect(taken.catchUpPartition(partition)).rejects.toBeInstanceOf(PartitionLeaseLost);
    // Not isolated event by event (each would be merged again), not counted against an event, no dead letter.
    expect(merges).toBe(1);
    const checkpoint = (await db.doc(checkpointPath(set, partition)).get()).data();
    expect(checkpoint).toMatchObject({ leaseOwner: 'instance-b', failing: null, deadLetters: 0 });
    expect((await db.collection(deadLettersCollection(set)).get()).size).toBe(0);
  });

  it('sets a failing event aside after maxAttempts, moves on, and reports it in health', async () => {
    const set = await freshSet();
    await projector(set).catchUpAll();
    const poisoned = await counterStream('tenant_p', [1, -1]);
    const healthy = await counterStream('tenant_p', [9]);
    const p = projector(set);
    const partition = (await store.readStream(poisoned)).events[0]!.partition;
    const attempt = () => p.catchUpPartition(partition);
    expect(await attempt()).toMatchObject({ status: 'stalled' });
    expect(await attempt()).toMatchObject({ status: 'stalled' });
    expect(await attempt()).toMatchObject({ status: 'done', deadLettered: 1 });
    const letters = await db.collection(deadLettersCollection(set)).get();
    expect(letters.docs.map((doc) => doc.data())).toEqual([
      expect.objectContaining({
        path: `streams/${poisoned}/events/0000000002`,
        type: 'CounterIncremented',
        attempts: 3,
        partition,
        error: expect.stringContaining('negative increment'),
      }),
    ]);
    const rows = await tableRows(set, 'counter_totals');
    expect(rows.find((row) => row.stream_id === healthy)).toMatchObject({ total: 9 });
    expect(rows.find((row) => row.stream_id === poisoned)).toMatchObject({ total: 1, source_revision: 1 });
    expect(await p.health()).toMatchObject({ degraded: true, deadLetters: 1 });
    // /health/ready says so without taking the instance out of service.
    const app = createApp({
      logger: pino({ level: 'silent' }),
      version: 'test',
      readiness: { projections: () => p.health() },
    });
    const ready = await request(app).get('/health/ready');
    expect(ready.status).toBe(200);
    // Without an operator's credentials it says which check, not why (tests/http/authorize-before-load.test.ts).
    expect(ready.body).toEqual({ status: 'degraded', checks: { projections: 'degraded' } });
  });

  it('sets a malformed event document aside instead of stalling its partition', async () => {
    const set = await freshSet();
    await projector(set).catchUpAll();
    const good = await counterStream('tenant_m', [2]);
    const partition = (await store.readStream(good)).events[0]!.partition;
    const badPath = `streams/counter-broken-${process.pid}/events/0000000001`;
    await db.doc(badPath).set({
      type: 'CounterIncremented',
      partition,
      tenantId: 'tenant_m',
      recordedAt: Timestamp.now(),
      data: { by: 'not a number' },
    });
    const after = await counterStream('tenant_m', [3]);
    const outcomes = [];
    for (let i = 0; i < 3; i += 1) outcomes.push(await projector(set).catchUpPartition(partition));
    expect(outcomes.map((o) => o.status)).toEqual(['stalled', 'stalled', 'done']);
    expect((await db.doc(`${deadLettersCollection(set)}/${badPath.replace(/\//g, '~')}`).get()).get('error')).toMatch(
      /Malformed event/,
    );
    const rows = await tableRows(set, 'counter_totals');
    expect(rows.find((row) => row.stream_id === after)).toMatchObject({ total: 3 });
    expect((await db.doc(checkpointPath(set, partition)).get()).get('failing')).toBeNull();
  });

  it('answers a doorbell only once the rung event is projected, even behind a settle watermark', async () => {
    const settling = testEventStore(db, { partitions: 4, settleMs: 400 });
    const set = await freshSet();
    const streamId = await counterStream('tenant_s', [11]);
    const partition = (await store.readStream(streamId)).events[0]!.partition;
    await createProjector({ db, store: settling, warehouse, projections, set, owner: 'doorbell' }).catchUp(partition);
    expect((await tableRows(set, 'counter_totals')).find((row) => row.stream_id === streamId)).toMatchObject({
      total: 11,
    });
  });
});
