export { BigQueryWarehouse } from './bigquery-warehouse';
export type { BigQueryWarehouseConfig } from './bigquery-warehouse';
