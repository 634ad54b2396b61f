/**
 * `setup.initial.onetime_bootstrap`: the central dataset and every central table, from their definitions, then
 * the central views over them (`tenant_pipeline_execution_view`, created or replaced).
 * Idempotent (ensure* never alters what exists), so "one-time" is a promise about intent, not a hazard.
 * With the pipeline parameter `force_recreate_tables: true` every central table is dropped and created
 * again from its definition — rows are lost (the projections rebuild them by replay), so it is never a default.
 */
import { ensureCentralViews } from '../../../warehouse/views';
import type { StepContext, StepKind } from '../step-kind';
import { toStepError } from '../step-support';
import { onlyBlocks } from '../only-blocks';

export const FORCE_RECREATE_PARAMETER = 'force_recreate_tables';

async function run(ctx: StepContext) {
  const { warehouse, tables } = ctx.deps;
  const force = ctx.variables.get(FORCE_RECREATE_PARAMETER)?.value === true;
  try {
    const dataset = await warehouse.ensureDataset(tables.centralDataset, {
      description: 'Convergence: every tenant_* table (rows of all tenants).',
      labels: { app: 'convergence' },
    });
    const created: string[] = [];
    const existing: string[] = [];
    const recreated: string[] = [];
    for (const definition of tables.centralTables) {
      const ref = { dataset: tables.centralDataset, table: definition.name };
      if (force && (await warehouse.dropTable(ref)).dropped) {
        await warehouse.ensureTable(tables.centralDataset, definition);
        recreated.push(definition.name);
        continue;
      }
      if ((await warehouse.ensureTable(tables.centralDataset, definition)).created) created.push(definition.name);
      else existing.push(definition.name);
    }
    // After the tables: BigQuery resolves a view's tables when the view is created.
    const views = await ensureCentralViews(warehouse, tables.centralDataset);
    return {
      details: {
        dataset: tables.centralDataset,
        datasetCreated: dataset.created,
        tablesCreated: created,
        tablesExisting: existing,
        tablesRecreated: recreated,
        tables: tables.centralTables.length,
        views,
      },
    };
  } catch (error) {
    throw toStepError(error);
  }
}

export const bootstrapKind: StepKind = { psType: 'setup.initial.onetime_bootstrap', check: onlyBlocks([]), run };
