import { startLocalBigQuery, type RunningLocalBigQuery } from '../../../src/local/bigquery/start-local-bigquery';
import { localBigQueryClientOptions } from '../../../src/local/bigquery/client-options';
import { checkpointPath } from '../../../src/projections/runtime/checkpoint-paths';
import { createProjector } from '../../../src/projections/runtime/projector';
import { BigQueryWarehouse } from '../../../src/warehouse/bigquery';
import { testFirestore } from '../../support/firestore';
import { increment, testEventStore } from '../../eventstore/support';
import { counterTotals, counterTotalsProjection, tenantTotals, tenantTotalsProjection } from './counter-projections';

/** What shutdown relies on: stopping the periodic catch-up lets the catch-up in flight finish its batch. */
describe('stopping the periodic projection catch-up', () => {
  const db = testFirestore();
  const store = testEventStore(db, { partitions: 1, settleMs: 0 });
  let endpoint: RunningLocalBigQuery;
  let warehouse: BigQueryWarehouse;

  beforeAll(async () => {
    endpoint = await startLocalBigQuery({ projectId: 'projector-stop-test' });
    const client = localBigQueryClientOptions(endpoint.url, endpoint.projectId);
    warehouse = new BigQueryWarehouse({ client, projectId: endpoint.projectId, location: 'US' });
  });
  afterAll(async () => {
    await endpoint.stop();
    await db.terminate();
  });

  it('awaits the catch-up in flight, which checkpoints the batch it merged', async () => {
    const set = { setId: `stop${process.pid}`, dataset: `proj_stop_${process.pid}` };
    await warehouse.ensureDataset(set.dataset);
    await warehouse.ensureTable(set.dataset, counterTotals);
    await warehouse.ensureTable(set.dataset, tenantTotals);
    const streamId = `counter-stop-${process.pid}`;
    await store.append(streamId, 0, [increment(3)], { tenantId: 'tenant_stop' });

    let merged!: () => void;
    const mergedOnce = new Promise<void>((resolve) => (merged = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const projector = createProjector({
      db,
      store,
      warehouse,
      projections: [counterTotalsProjection, tenantTotalsProjection],
      set,
      owner: 'instance-stopping',
      // Holds the first batch between its merge and its checkpoint: the catch-up is in flight when stop is called.
      afterBatchMerged: async () => {
        merged();
        await released;
      },
    });
    projector.startPeriodic(1);
    await mergedOnce;

    let stopped = false;
    const stopping = projector.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
    // The batch in flight was checkpointed before stop resolved: nothing is left half-done.
    const checkpoint = await db.doc(checkpointPath(set, 0)).get();
    expect(checkpoint.get('eventsProjected')).toBe(1);
    expect(checkpoint.get('position')).not.toBeNull();
  });
});
