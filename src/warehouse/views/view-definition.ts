import { TENANT_ID_PATTERN } from '../../domain/tenant-id';
import type { ColumnDefinition } from '../warehouse';
import { WarehouseError } from '../warehouse';

/**
 * A view described as data, like the tables: its name, where it lives, its columns (documented in
 * docs/warehouse.md and checked against what the warehouse reports) and a pure builder of its SQL.
 */
export interface ViewDefinition {
  readonly name: string;
  /** `central`: in the central dataset, rows of every tenant; `tenant`: in each tenant's own dataset `{tenant_id}`. */
  readonly scope: 'central' | 'tenant';
  readonly description: string;
  readonly columns: readonly ColumnDefinition[];
  /** The view's GoogleSQL. A tenant view needs the tenant id, baked in as a validated literal. */
  readonly sql: (centralDataset: string, tenantId?: string) => string;
}

const DATASET = /^[A-Za-z_][A-Za-z0-9_]{0,1023}$/;

/**
 * The only values interpolated into view SQL: the central dataset name and the tenant id, each checked against
 * its pattern first, so neither can carry SQL (`'` or a backtick cannot pass either pattern).
 */
export function tenantIdLiteral(tenantId: string | undefined): string {
  if (tenantId === undefined || !TENANT_ID_PATTERN.test(tenantId)) {
    throw new WarehouseError(
      'INVALID_QUERY',
      `Invalid tenant id for a view: ${JSON.stringify(String(tenantId).slice(0, 60))}`,
      { kind: 'tenant id' },
    );
  }
  return `'${tenantId}'`;
}

/** `` `dataset.table` `` for a table of the central dataset (resolved in the view's own project). */
export function centralTableName(centralDataset: string, table: string): string {
  if (!DATASET.test(centralDataset))
    throw new WarehouseError(
      'INVALID_QUERY',
      `Invalid dataset id for a view: ${JSON.stringify(centralDataset.slice(0, 60))}`,
      { kind: 'dataset id' },
    );
  return `\`${centralDataset}.${table}\``;
}
