import type { Warehouse } from '../warehouse';
import { centralViews, tenantViews } from './view-catalog';
import type { ViewDefinition } from './view-definition';

/**
 * Creates or replaces the views from their definitions: one `CREATE OR REPLACE VIEW` each, atomic for readers and
 * harmless to repeat (onboarding, bootstrap and replay all call it). The central tables must exist first: BigQuery
 * resolves a view's tables when it is created.
 */
async function ensure(
  warehouse: Warehouse,
  dataset: string,
  views: readonly ViewDefinition[],
  sqlOf: (view: ViewDefinition) => string,
): Promise<string[]> {
  for (const view of views)
    await warehouse.createOrReplaceView({ dataset, table: view.name }, sqlOf(view), view.description);
  return views.map((view) => view.name);
}

/**
 * The tenant's views (`tenant_comprehensive_view`) reading `centralDataset`, in `dataset` — the tenant's own by
 * default; replay passes its shadow dataset. Returns the names of the views.
 */
export function ensureTenantViews(
  warehouse: Warehouse,
  centralDataset: string,
  tenantId: string,
  dataset: string = tenantId,
): Promise<string[]> {
  return ensure(warehouse, dataset, tenantViews, (view) => view.sql(centralDataset, tenantId));
}

/** The central views (`tenant_pipeline_execution_view`), in and reading `centralDataset`. Returns their names. */
export function ensureCentralViews(warehouse: Warehouse, centralDataset: string): Promise<string[]> {
  return ensure(warehouse, centralDataset, centralViews, (view) => view.sql(centralDataset));
}
