import { startLocalBigQuery } from '../../../src/local/bigquery/start-local-bigquery';
import { localBigQueryClientOptions } from '../../../src/local/bigquery/client-options';
import { BigQueryWarehouse } from '../../../src/warehouse/bigquery';
import type { Warehouse } from '../../../src/warehouse/warehouse';

export interface LocalWarehouse {
  readonly warehouse: Warehouse;
  readonly projectId: string;
  stop(): Promise<void>;
}

/** The production adapter talking to the local BigQuery endpoint on an in-memory DuckDB: no mocks. */
export async function startLocalWarehouse(): Promise<LocalWarehouse> {
  const local = await startLocalBigQuery({ port: 0 });
  const warehouse = new BigQueryWarehouse({
    client: localBigQueryClientOptions(local.url, local.projectId),
    projectId: local.projectId,
    location: 'US',
  });
  return { warehouse, projectId: local.projectId, stop: () => local.stop() };
}
