/**
 * `setup.tenants.dryrun`: read-only checks that a tenant could run pipelines — the central dataset and
 * tables, the tenant's dataset and tables exist, and the warehouse answers a query. It writes nothing; the
 * checks travel in the step's output (and so in its lifecycle event). Any failed check fails the step.
 */
import { StepError } from '../../errors';
import type { StepContext, StepKind } from '../step-kind';
import { runJob, toStepError, variableText } from '../step-support';
import { onlyBlocks } from '../only-blocks';

export interface DryRunCheck {
  readonly check_id: string;
  readonly status: 'PASS' | 'FAIL';
  readonly message: string;
}

async function run(ctx: StepContext) {
  const { warehouse, tables } = ctx.deps;
  const checks: DryRunCheck[] = [];
  const record = (check_id: string, ok: boolean, message: string): void => {
    checks.push({ check_id, status: ok ? 'PASS' : 'FAIL', message });
  };
  try {
    const central = tables.centralDataset;
    const centralOk = await warehouse.datasetExists(central);
    record(
      'central_dataset',
      centralOk,
      `dataset ${central} ${centralOk ? 'exists' : 'is missing: run the bootstrap'}`,
    );
    for (const t of tables.centralTables) {
      const ok = centralOk && (await warehouse.tableExists({ dataset: central, table: t.name }));
      record(`central_table:${t.name}`, ok, `${central}.${t.name} ${ok ? 'exists' : 'is missing'}`);
    }
    if (ctx.variables.has('tenant_id')) {
      const dataset = variableText(ctx, 'tenant_dataset');
      const tenantOk = await warehouse.datasetExists(dataset);
      record(
        'tenant_dataset',
        tenantOk,
        `dataset ${dataset} ${tenantOk ? 'exists' : 'is missing: onboard the tenant'}`,
      );
      for (const t of tables.tenantTables) {
        const ok = tenantOk && (await warehouse.tableExists({ dataset, table: t.name }));
        record(`tenant_table:${t.name}`, ok, `${dataset}.${t.name} ${ok ? 'exists' : 'is missing'}`);
      }
    }
    const probe = await runJob(ctx, { sql: 'SELECT 1 AS ok', params: {}, types: {} }, ctx.jobId('probe'));
    record('query', Number(probe.rows[0]?.ok) === 1, 'the warehouse answers queries');
  } catch (error) {
    throw toStepError(error);
  }
  const failed = checks.filter((c) => c.status === 'FAIL');
  if (failed.length > 0)
    throw new StepError('SETUP_CHECK_FAILED', `dry run failed: ${failed.map((c) => c.message).join('; ')}`, false, {
      checks,
    });
  return { details: { checks } };
}

export const dryRunKind: StepKind = { psType: 'setup.tenants.dryrun', check: onlyBlocks([]), run };
