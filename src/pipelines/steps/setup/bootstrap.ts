/**
 * `setup.initial.onetime_bootstrap`: the central dataset and every central table, from their definitions.
 * Idempotent (ensure* never alters what exists), so "one-time" is a promise about intent, not a hazard.
 */
import type { StepContext, StepKind } from '../step-kind';
import { toStepError } from '../step-support';
import { onlyBlocks } from '../only-blocks';

async function run(ctx: StepContext) {
  const { warehouse, tables } = ctx.deps;
  try {
    const dataset = await warehouse.ensureDataset(tables.centralDataset, { description: 'Convergence: every tenant_* table (rows of all tenants).', labels: { app: 'convergence' } });
    const created: string[] = [];
    for (const definition of tables.centralTables) {
      if ((await warehouse.ensureTable(tables.centralDataset, definition)).created) created.push(definition.name);
    }
    return { details: { dataset: tables.centralDataset, datasetCreated: dataset.created, tablesCreated: created, tables: tables.centralTables.length } };
  } catch (error) {
    throw toStepError(error);
  }
}

export const bootstrapKind: StepKind = { psType: 'setup.initial.onetime_bootstrap', check: onlyBlocks([]), run };
