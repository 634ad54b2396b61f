/**
 * Writes a generated billing export into a warehouse through the Warehouse port: the dataset and the
 * export table (created from its definition when missing), then the rows appended in batches.
 */
import type { Row, Warehouse } from '../../warehouse/warehouse';
import { BILLING_EXPORT_DATASET, billingExportTable } from './billing-export-table';

/** The local stand-in's export table: one parent (reseller) account's export shared by all sample tenants. */
export const SAMPLE_EXPORT_TABLE = 'gcp_billing_export_v1_010101_0A0A0A_ABCDEF';

export interface ExportTarget {
  readonly dataset?: string;
  readonly table?: string;
  /** Rows per append statement (default 5,000). */
  readonly batchSize?: number;
}

export async function writeBillingExport(
  warehouse: Warehouse,
  rows: readonly Row[],
  target: ExportTarget = {},
): Promise<{ readonly dataset: string; readonly table: string; readonly rows: number }> {
  const dataset = target.dataset ?? BILLING_EXPORT_DATASET;
  const table = target.table ?? SAMPLE_EXPORT_TABLE;
  const definition = billingExportTable(table);
  await warehouse.ensureDataset(dataset, { description: 'Cloud Billing export (local sample data).' });
  await warehouse.ensureTable(dataset, definition);
  const size = target.batchSize ?? 5000;
  for (let i = 0; i < rows.length; i += size) await warehouse.appendRows(dataset, definition, rows.slice(i, i + size));
  return { dataset, table, rows: rows.length };
}
