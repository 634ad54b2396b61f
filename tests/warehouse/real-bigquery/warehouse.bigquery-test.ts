import { BigQuery } from '@google-cloud/bigquery';
import { BigQueryWarehouse } from '../../../src/warehouse/bigquery';
import { describeWarehouseContract } from '../contract/warehouse-contract';
import { realBigQuerySettings } from './settings';

// The same contract against real BigQuery (npm run test:bigquery). Datasets are named with a throwaway prefix
// unique to this run and dropped at the end.
const settings = realBigQuerySettings(process.env);
if (!('projectId' in settings)) throw new Error(settings.problem);
const { projectId, location } = settings;

describeWarehouseContract(`BigQueryWarehouse on real BigQuery (${projectId}, ${location})`, async () => {
  const client = new BigQuery({ projectId, location });
  const runId = `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${Math.random().toString(36).slice(2, 8)}`;
  return {
    projectId,
    datasetPrefix: `${settings.datasetPrefix}_${runId}`,
    warehouse: (overrides) => new BigQueryWarehouse({ client, projectId, location, ...overrides }),
    close: async () => undefined,
  };
});
