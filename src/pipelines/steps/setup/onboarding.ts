/**
 * `setup.tenants.onboarding`: the tenant's dataset and tables, proof that the dataset works (a validation
 * row written, read back and recorded in `onboarding_validation_test`), and the tenant's views
 * (`tenant_comprehensive_view`, reading the central tables the bootstrap created, filtered to this tenant).
 * Re-running is harmless: ensure* never alters, views are created or replaced, validation rows are merged on
 * (validation_id, check_name).
 */
import { TENANT_COMPREHENSIVE_VIEW, ensureTenantViews } from '../../../warehouse/views';
import { StepError } from '../../errors';
import type { StepContext, StepKind } from '../step-kind';
import { findTable } from '../table-catalog';
import { qualified, runJob, toStepError, variableText } from '../step-support';
import { onlyBlocks } from '../only-blocks';

export const VALIDATION_TABLE = 'onboarding_validation_test';
export const TENANT_VIEW = TENANT_COMPREHENSIVE_VIEW;

async function run(ctx: StepContext) {
  const { warehouse, tables } = ctx.deps;
  const tenantId = variableText(ctx, 'tenant_id');
  const dataset = variableText(ctx, 'tenant_dataset');
  const runId = variableText(ctx, 'run_id');
  const validation = findTable(tables, 'tenant', VALIDATION_TABLE);
  if (!validation) throw new StepError('INVALID_STEP_CONFIG', `no tenant table definition ${VALIDATION_TABLE}`, false);
  const row = (check: string, message: string) => ({
    tenant_id: tenantId,
    validation_id: runId,
    check_name: check,
    status: 'PASS',
    message,
    run_id: runId,
    validated_at: ctx.deps.clock.now().toISOString(),
  });
  try {
    const created = await warehouse.ensureDataset(dataset, {
      description: `Convergence tenant ${tenantId}`,
      labels: { app: 'convergence', tenant_id: tenantId },
    });
    const tablesCreated: string[] = [];
    for (const definition of tables.tenantTables) {
      if ((await warehouse.ensureTable(dataset, definition)).created) tablesCreated.push(definition.name);
    }
    await warehouse.mergeRows(dataset, validation, [row('dataset_write', 'validation row written')], {
      jobId: ctx.jobId('write'),
    });

    const readBack = await runJob(
      ctx,
      {
        sql: `SELECT COUNT(*) AS n FROM ${qualified(ctx, dataset, VALIDATION_TABLE)} WHERE validation_id = @validation_id`,
        params: { validation_id: runId },
        types: { validation_id: 'STRING' },
      },
      ctx.jobId('read'),
    );
    if (Number(readBack.rows[0]?.n ?? 0) < 1)
      throw new StepError('SETUP_CHECK_FAILED', 'the validation row could not be read back', true);

    // The view's SQL carries only validated identifiers: the central dataset name and the tenant id.
    const views = await ensureTenantViews(warehouse, tables.centralDataset, tenantId, dataset);
    await warehouse.mergeRows(
      dataset,
      validation,
      [row('dataset_read', 'validation row read back'), row('view_create', `${views.join(', ')} created`)],
      { jobId: ctx.jobId('checks') },
    );
    return { details: { dataset, datasetCreated: created.created, tablesCreated, view: TENANT_VIEW, views } };
  } catch (error) {
    throw toStepError(error);
  }
}

export const onboardingKind: StepKind = { psType: 'setup.tenants.onboarding', check: onlyBlocks([]), run };
