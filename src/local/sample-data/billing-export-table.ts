/**
 * The standard Cloud Billing export table `gcp_billing_export_v1_<account>` as a TableDefinition, field for
 * field from Google's REST schema (shared reference gcp_billing_export_v1.schema.json; FLOAT → FLOAT64,
 * BOOLEAN → BOOL). Used only to create the local stand-in of the export: in production Google owns the
 * table, which is partitioned by load day (_PARTITIONTIME, ingestion-time partitioning) — a pseudo column
 * this definition cannot express and the local endpoint does not have.
 */
import type { TableDefinition } from '../../warehouse/warehouse';

export const BILLING_EXPORT_DATASET = 'billing_export';

/** Google's table name for an account: `gcp_billing_export_v1_` + the id with `-` replaced by `_`. */
export function billingExportTableName(billingAccountId: string): string {
  return `gcp_billing_export_v1_${billingAccountId.replace(/-/g, '_')}`;
}

export function billingExportTable(name: string): TableDefinition {
  return {
    name,
    description: 'Standard usage cost export of Cloud Billing (local stand-in).',
    columns: BILLING_EXPORT_COLUMNS,
  };
}

const BILLING_EXPORT_COLUMNS: TableDefinition['columns'] = [
  { name: 'billing_account_id', type: 'STRING', mode: 'NULLABLE' },
  {
    name: 'service',
    type: 'RECORD',
    mode: 'NULLABLE',
    fields: [
      { name: 'id', type: 'STRING', mode: 'NULLABLE' },
      { name: 'description', type: 'STRING', mode: 'NULLABLE' },
    ],
  },
  {
    name: 'sku',
    type: 'RECORD',
    mode: 'NULLABLE',
    fields: [
      { name: 'id', type: 'STRING', mode: 'NULLABLE' },
      { name: 'description', type: 'STRING', mode: 'NULLABLE' },
    ],
  },
  { name: 'usage_start_time', type: 'TIMESTAMP', mode: 'NULLABLE' },
  { name: 'usage_end_time', type: 'TIMESTAMP', mode: 'NULLABLE' },
  {
    name: 'project',
    type: 'RECORD',
    mode: 'NULLABLE',
    fields: [
      { name: 'id', type: 'STRING', mode: 'NULLABLE' },
      { name: 'number', type: 'STRING', mode: 'NULLABLE' },
      { name: 'name', type: 'STRING', mode: 'NULLABLE' },
      {
        name: 'labels',
        type: 'RECORD',
        mode: 'REPEATED',
        fields: [
          { name: 'key', type: 'STRING', mode: 'NULLABLE' },
          { name: 'value', type: 'STRING', mode: 'NULLABLE' },
        ],
      },
      { name: 'ancestry_numbers', type: 'STRING', mode: 'NULLABLE' },
      {
        name: 'ancestors',
        type: 'RECORD',
        mode: 'REPEATED',
        fields: [
          { name: 'resource_name', type: 'STRING', mode: 'NULLABLE' },
          { name: 'display_name', type: 'STRING', mode: 'NULLABLE' },
        ],
      },
    ],
  },
  {
    name: 'labels',
    type: 'RECORD',
    mode: 'REPEATED',
    fields: [
      { name: 'key', type: 'STRING', mode: 'NULLABLE' },
      { name: 'value', type: 'STRING', mode: 'NULLABLE' },
    ],
  },
  {
    name: 'system_labels',
    type: 'RECORD',
    mode: 'REPEATED',
    fields: [
      { name: 'key', type: 'STRING', mode: 'NULLABLE' },
      { name: 'value', type: 'STRING', mode: 'NULLABLE' },
    ],
  },
  {
    name: 'location',
    type: 'RECORD',
    mode: 'NULLABLE',
    fields: [
      { name: 'location', type: 'STRING', mode: 'NULLABLE' },
      { name: 'country', type: 'STRING', mode: 'NULLABLE' },
      { name: 'region', type: 'STRING', mode: 'NULLABLE' },
      { name: 'zone', type: 'STRING', mode: 'NULLABLE' },
    ],
  },
  {
    name: 'tags',
    type: 'RECORD',
    mode: 'REPEATED',
    fields: [
      { name: 'key', type: 'STRING', mode: 'NULLABLE' },
      { name: 'value', type: 'STRING', mode: 'NULLABLE' },
      { name: 'inherited', type: 'BOOL', mode: 'NULLABLE' },
      { name: 'namespace', type: 'STRING', mode: 'NULLABLE' },
    ],
  },
  { name: 'transaction_type', type: 'STRING', mode: 'NULLABLE' },
  { name: 'seller_name', type: 'STRING', mode: 'NULLABLE' },
  { name: 'export_time', type: 'TIMESTAMP', mode: 'NULLABLE' },
  { name: 'cost', type: 'FLOAT64', mode: 'NULLABLE' },
  { name: 'currency', type: 'STRING', mode: 'NULLABLE' },
  { name: 'currency_conversion_rate', type: 'FLOAT64', mode: 'NULLABLE' },
  {
    name: 'usage',
    type: 'RECORD',
    mode: 'NULLABLE',
    fields: [
      { name: 'amount', type: 'FLOAT64', mode: 'NULLABLE' },
      { name: 'unit', type: 'STRING', mode: 'NULLABLE' },
      { name: 'amount_in_pricing_units', type: 'FLOAT64', mode: 'NULLABLE' },
      { name: 'pricing_unit', type: 'STRING', mode: 'NULLABLE' },
    ],
  },
  {
    name: 'credits',
    type: 'RECORD',
    mode: 'REPEATED',
    fields: [
      { name: 'name', type: 'STRING', mode: 'NULLABLE' },
      { name: 'amount', type: 'FLOAT64', mode: 'NULLABLE' },
      { name: 'full_name', type: 'STRING', mode: 'NULLABLE' },
      { name: 'id', type: 'STRING', mode: 'NULLABLE' },
      { name: 'type', type: 'STRING', mode: 'NULLABLE' },
    ],
  },
  {
    name: 'invoice',
    type: 'RECORD',
    mode: 'NULLABLE',
    fields: [
      { name: 'month', type: 'STRING', mode: 'NULLABLE' },
      { name: 'publisher_type', type: 'STRING', mode: 'NULLABLE' },
    ],
  },
  { name: 'cost_type', type: 'STRING', mode: 'NULLABLE' },
  {
    name: 'adjustment_info',
    type: 'RECORD',
    mode: 'NULLABLE',
    fields: [
      { name: 'id', type: 'STRING', mode: 'NULLABLE' },
      { name: 'description', type: 'STRING', mode: 'NULLABLE' },
      { name: 'mode', type: 'STRING', mode: 'NULLABLE' },
      { name: 'type', type: 'STRING', mode: 'NULLABLE' },
    ],
  },
  { name: 'cost_at_list', type: 'FLOAT64', mode: 'NULLABLE' },
  {
    name: 'consumption_model',
    type: 'RECORD',
    mode: 'NULLABLE',
    fields: [
      { name: 'id', type: 'STRING', mode: 'NULLABLE' },
      { name: 'description', type: 'STRING', mode: 'NULLABLE' },
    ],
  },
  { name: 'cost_at_effective_price_default', type: 'FLOAT64', mode: 'NULLABLE' },
  { name: 'cost_at_list_consumption_model', type: 'FLOAT64', mode: 'NULLABLE' },
  {
    name: 'price',
    type: 'RECORD',
    mode: 'NULLABLE',
    fields: [
      { name: 'effective_price', type: 'NUMERIC', mode: 'NULLABLE' },
      { name: 'tier_start_amount', type: 'NUMERIC', mode: 'NULLABLE' },
      { name: 'unit', type: 'STRING', mode: 'NULLABLE' },
      { name: 'pricing_unit_quantity', type: 'NUMERIC', mode: 'NULLABLE' },
      { name: 'list_price', type: 'NUMERIC', mode: 'NULLABLE' },
      { name: 'effective_price_default', type: 'NUMERIC', mode: 'NULLABLE' },
      { name: 'list_price_consumption_model', type: 'NUMERIC', mode: 'NULLABLE' },
    ],
  },
];
