/**
 * The table definitions step kinds may write to, as a port-like value: production passes the definitions of
 * src/warehouse/tables; tests may pass their own. A destination or DQ table is looked up by dataset type.
 */
import type { TableDefinition } from '../../warehouse/warehouse';

export interface TableCatalog {
  readonly centralDataset: string;
  readonly centralTables: readonly TableDefinition[];
  readonly tenantTables: readonly TableDefinition[];
}

export type DatasetType = 'tenant' | 'central';

export function findTable(catalog: TableCatalog, datasetType: DatasetType, name: string): TableDefinition | undefined {
  const tables = datasetType === 'central' ? catalog.centralTables : catalog.tenantTables;
  return tables.find((t) => t.name === name);
}

export function tableNames(catalog: TableCatalog, datasetType: DatasetType): readonly string[] {
  return (datasetType === 'central' ? catalog.centralTables : catalog.tenantTables).map((t) => t.name);
}
