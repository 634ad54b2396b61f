import type { TableDefinition } from '../../warehouse';
import { nullable, record, required } from '../columns';

/**
 * The standard GCP billing export (gcp_billing_export_v1_*) flattened to one row per day and cost grain.
 *
 * Money is NUMERIC, not the export's FLOAT: sums of many small float costs drift and depend on summation order,
 * which an operator reconciling against an invoice cannot accept. Pipeline SQL therefore aggregates as
 * `SUM(CAST(cost AS NUMERIC))`. Net cost is `cost + credits_total`, where credits_total is the SUM of the
 * credits' (negative) amounts per export row — never a join of UNNEST(credits) to the row's cost, which would
 * count the cost once per credit.
 *
 * Rows are merged on (usage_date, row_key) so re-running a day replaces its rows instead of duplicating them.
 */
export const billingCostDaily: TableDefinition = {
  name: 'billing_cost_daily',
  description:
    'Daily GCP cost per billing account, project, service, SKU, location, cost type and labels, flattened from the standard billing export.',
  columns: [
    required('tenant_id', 'STRING', 'Tenant the costs belong to.'),
    required('usage_date', 'DATE', 'Day of usage_start_time (UTC). Partition column.'),
    required(
      'row_key',
      'STRING',
      'Deterministic hash of the grain (usage_date, billing account, project, service, SKU, location, cost_type, currency, invoice month, usage unit, labels): the merge key.',
    ),
    required('billing_account_id', 'STRING', 'Cloud Billing account id.'),
    nullable('invoice_month', 'STRING', 'Invoice month `YYYYMM` (invoice.month).'),
    nullable('project_id', 'STRING', 'project.id; NULL for charges not tied to a project.'),
    nullable('project_number', 'STRING', 'project.number.'),
    nullable('project_name', 'STRING', 'project.name.'),
    required('service_id', 'STRING', 'service.id.'),
    nullable('service_description', 'STRING', 'service.description, e.g. `Compute Engine`.'),
    required('sku_id', 'STRING', 'sku.id.'),
    nullable('sku_description', 'STRING', 'sku.description.'),
    nullable('location', 'STRING', 'location.location (region, multi-region or `global`).'),
    nullable('country', 'STRING', 'location.country.'),
    nullable('region', 'STRING', 'location.region.'),
    nullable('zone', 'STRING', 'location.zone.'),
    required('cost_type', 'STRING', 'regular | tax | adjustment | rounding_error.'),
    required('currency', 'STRING', 'Currency of the cost columns (ISO 4217).'),
    nullable('currency_conversion_rate', 'FLOAT64', 'Export currency per USD.'),
    required('cost', 'NUMERIC', 'SUM(cost) of the grain, before credits.'),
    required('credits_total', 'NUMERIC', "SUM of the credits' amounts (≤ 0)."),
    required('net_cost', 'NUMERIC', 'cost + credits_total.'),
    nullable('cost_at_list', 'NUMERIC', 'SUM(cost_at_list): cost at list prices.'),
    nullable('usage_amount', 'FLOAT64', 'SUM(usage.amount) in usage_unit.'),
    nullable('usage_unit', 'STRING', 'usage.unit, e.g. `byte-seconds`.'),
    nullable('usage_amount_in_pricing_units', 'FLOAT64', 'SUM(usage.amount_in_pricing_units).'),
    nullable('pricing_unit', 'STRING', 'usage.pricing_unit, e.g. `gibibyte month`.'),
    record('labels', 'REPEATED', 'Resource labels of the grain (key/value), as in the export.', [
      nullable('key', 'STRING', 'Label key.'),
      nullable('value', 'STRING', 'Label value.'),
    ]),
    required('line_items', 'INT64', 'Export rows aggregated into this row.'),
    nullable('last_export_time', 'TIMESTAMP', 'MAX(export_time) of those rows: how fresh the day is.'),
    required('run_id', 'STRING', 'Pipeline run that wrote the row.'),
    required('loaded_at', 'TIMESTAMP', 'When that run wrote it.'),
  ],
  partitionBy: { column: 'usage_date' },
  clusterBy: ['billing_account_id', 'project_id', 'service_id', 'sku_id'],
  keyColumns: ['usage_date', 'row_key'],
};
