import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertDefinitionConsistent } from '../../src/warehouse/bigquery/table-resource';
import {
  CENTRAL_DATASET,
  UnknownTableError,
  centralTable,
  centralTables,
  tenantTable,
  tenantTables,
} from '../../src/warehouse/tables';
import { TABLES_DOC_BEGIN, TABLES_DOC_END, renderTablesMarkdown } from '../../src/warehouse/tables/tables-markdown';
import type { ColumnDefinition, TableDefinition } from '../../src/warehouse/warehouse';

const CENTRAL_NAMES = [
  'tenant_profiles',
  'tenant_api_keys',
  'tenant_subscriptions',
  'tenant_usage_quotas',
  'tenant_cloud_credentials',
  'tenant_pipeline_configs',
  'tenant_scheduled_pipeline_runs',
  'tenant_pipeline_execution_queue',
  'tenant_pipeline_runs',
  'tenant_step_logs',
  'tenant_dq_results',
  'tenant_event_log',
];
const TENANT_NAMES = ['onboarding_validation_test', 'billing_cost_daily', 'dryrun_validation_log'];

function column(table: TableDefinition, name: string): ColumnDefinition {
  const found = table.columns.find((c) => c.name === name);
  if (!found) throw new Error(`${table.name} has no column ${name}`);
  return found;
}

describe('table definitions', () => {
  it('define exactly the central and tenant tables of the design', () => {
    expect(CENTRAL_DATASET).toBe('tenants');
    expect(centralTables.map((t) => t.name)).toEqual(CENTRAL_NAMES);
    expect(tenantTables.map((t) => t.name)).toEqual(TENANT_NAMES);
  });

  it('look tables up by name and refuse unknown names', () => {
    expect(centralTable('tenant_pipeline_runs').name).toBe('tenant_pipeline_runs');
    expect(tenantTable('billing_cost_daily').name).toBe('billing_cost_daily');
    expect(() => centralTable('billing_cost_daily')).toThrow(UnknownTableError);
    expect(() => tenantTable('tenant_profiles')).toThrow(UnknownTableError);
  });

  it.each([...centralTables, ...tenantTables].map((t) => [t.name, t] as const))(
    '%s is consistent and documented',
    (_name, table) => {
      expect(() => assertDefinitionConsistent(table)).not.toThrow();
      expect(table.description.length).toBeGreaterThan(20);
      const undocumented = table.columns.filter((c) => !c.description);
      expect(undocumented.map((c) => c.name)).toEqual([]);
      expect(table.partitionBy).toBeDefined();
      const partition = column(table, table.partitionBy?.column ?? '');
      expect(['DATE', 'TIMESTAMP']).toContain(partition.type);
      expect(partition.mode).toBe('REQUIRED');
      for (const key of table.keyColumns ?? []) expect(column(table, key).mode).toBe('REQUIRED');
      expect(table.keyColumns?.length).toBeGreaterThan(0);
    },
  );

  it.each(centralTables.map((t) => [t.name, t] as const))(
    'central %s carries tenant_id, clusters on it first, and has a version',
    (_name, table) => {
      expect(column(table, 'tenant_id')).toMatchObject({ type: 'STRING', mode: 'REQUIRED' });
      expect(table.clusterBy?.[0]).toBe('tenant_id');
      expect(table.keyColumns?.[0]).toBe('tenant_id');
      expect(table.versionColumn).toBeDefined();
      expect(column(table, table.versionColumn ?? '')).toMatchObject({ type: 'INT64', mode: 'REQUIRED' });
    },
  );

  it('projected tables are versioned by source_revision; the event log by the stream revision', () => {
    for (const table of centralTables.filter((t) => t.name !== 'tenant_event_log'))
      expect(table.versionColumn).toBe('source_revision');
    expect(centralTable('tenant_event_log').versionColumn).toBe('revision');
  });

  it('never stores secrets: API keys as hashes only, credentials as metadata only', () => {
    const names = (t: TableDefinition) => t.columns.map((c) => c.name);
    expect(names(centralTable('tenant_api_keys'))).toContain('key_hash');
    for (const table of centralTables) {
      for (const name of names(table))
        expect(name).not.toMatch(/^(api_key|key|secret|private_key|credential_json|ciphertext|password|token)$/);
    }
  });

  it('billing_cost_daily flattens the billing export with exact money and net cost', () => {
    const table = tenantTable('billing_cost_daily');
    for (const name of [
      'tenant_id',
      'billing_account_id',
      'usage_date',
      'service_id',
      'service_description',
      'sku_id',
      'sku_description',
      'project_id',
      'project_name',
      'location',
      'region',
      'cost_type',
      'currency',
      'invoice_month',
      'usage_amount',
      'usage_unit',
      'run_id',
      'loaded_at',
    ]) {
      expect(column(table, name)).toBeDefined();
    }
    for (const money of ['cost', 'credits_total', 'net_cost'])
      expect(column(table, money)).toMatchObject({ type: 'NUMERIC', mode: 'REQUIRED' });
    expect(column(table, 'labels')).toMatchObject({ type: 'RECORD', mode: 'REPEATED' });
    expect(table.partitionBy).toEqual({ column: 'usage_date' });
  });
});

describe('docs/warehouse.md', () => {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'warehouse.md'), 'utf8');

  it('holds the table reference exactly as the definitions render it', () => {
    const begin = doc.indexOf(TABLES_DOC_BEGIN);
    const end = doc.indexOf(TABLES_DOC_END);
    expect(begin).toBeGreaterThanOrEqual(0);
    // If this fails: npx tsx tests/warehouse/support/write-tables-doc.ts
    expect(doc.slice(begin, end + TABLES_DOC_END.length)).toBe(renderTablesMarkdown());
  });

  it('lists every table and every column, nested fields included', () => {
    const listed = (table: TableDefinition, dataset: string) => {
      expect(doc).toContain(`### \`${dataset}.${table.name}\``);
      const visit = (columns: readonly ColumnDefinition[], prefix: string): void => {
        for (const c of columns) {
          expect(doc).toContain(`| \`${prefix}${c.name}\` | ${c.type} |`);
          visit(c.fields ?? [], `${prefix}${c.name}.`);
        }
      };
      visit(table.columns, '');
    };
    for (const table of centralTables) listed(table, CENTRAL_DATASET);
    for (const table of tenantTables) listed(table, '{tenant_id}');
  });
});
