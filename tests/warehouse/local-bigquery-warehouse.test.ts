import { BigQuery } from '@google-cloud/bigquery';
import { localBigQueryClientOptions } from '../../src/local/bigquery/client-options';
import { startLocalBigQuery } from '../../src/local/bigquery/start-local-bigquery';
import { BigQueryWarehouse } from '../../src/warehouse/bigquery';
import { describeWarehouseContract } from './contract/warehouse-contract';

// The production adapter, unchanged, against the DuckDB-backed local endpoint (in memory, one per test file).
describeWarehouseContract('BigQueryWarehouse on the local endpoint', async () => {
  const local = await startLocalBigQuery({ port: 0, databasePath: ':memory:', projectId: 'convergence-contract' });
  const client = new BigQuery(localBigQueryClientOptions(local.url, local.projectId));
  return {
    projectId: local.projectId,
    datasetPrefix: 'contract',
    warehouse: (overrides) =>
      new BigQueryWarehouse({
        client,
        projectId: local.projectId,
        location: 'US',
        requestTimeoutMs: 30_000,
        ...overrides,
      }),
    close: () => local.stop(),
  };
});
