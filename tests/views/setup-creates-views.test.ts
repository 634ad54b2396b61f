import { CENTRAL_DATASET } from '../../src/warehouse/tables';
import {
  TENANT_COMPREHENSIVE_VIEW,
  TENANT_PIPELINE_EXECUTION_VIEW,
  tenantComprehensiveView,
  tenantPipelineExecutionView,
} from '../../src/warehouse/views';
import { startLocalWarehouse } from '../pipelines/support/local-warehouse';
import type { LocalWarehouse } from '../pipelines/support/local-warehouse';
import { runPipeline, shippedPipeline } from '../pipelines/support/run-config';

// The shipped setup pipelines create the real views: bootstrap the central one, onboarding the tenant's.
let local: LocalWarehouse;
beforeAll(async () => {
  local = await startLocalWarehouse();
});
afterAll(async () => {
  await local?.stop();
});

const run = async (which: 'bootstrap' | 'onboarding', runId: string, tenantId?: string) =>
  runPipeline(await shippedPipeline(which), {
    warehouse: local.warehouse,
    projectId: local.projectId,
    runId,
    ...(tenantId ? { tenantId } : {}),
  });

describe('views created by the setup pipelines', () => {
  it('bootstrap creates tenant_pipeline_execution_view over the central tables, again on a second run', async () => {
    for (const runId of ['boot_1', 'boot_2']) {
      const result = await run('bootstrap', runId);
      expect(result.status).toBe('succeeded');
      expect(result.steps[0]?.output?.details).toMatchObject({ views: [TENANT_PIPELINE_EXECUTION_VIEW] });
    }
    const described = await local.warehouse.describeTable({
      dataset: CENTRAL_DATASET,
      table: TENANT_PIPELINE_EXECUTION_VIEW,
    });
    expect(described.type).toBe('VIEW');
    expect(described.columns.map((c) => c.name)).toEqual(tenantPipelineExecutionView.columns.map((c) => c.name));
  });

  it("onboarding creates each tenant's comprehensive view, which answers for that tenant alone", async () => {
    for (const tenantId of ['acme_corp', 'globex_inc'])
      expect((await run('onboarding', `onboard_${tenantId}`, tenantId)).status).toBe('succeeded');
    const described = await local.warehouse.describeTable({ dataset: 'acme_corp', table: TENANT_COMPREHENSIVE_VIEW });
    expect(described.type).toBe('VIEW');
    expect(described.columns.map((c) => c.name)).toEqual(tenantComprehensiveView.columns.map((c) => c.name));
    const rows = await local.warehouse.runQuery(
      `SELECT tenant_id, run_id, quota_status FROM \`${local.projectId}.acme_corp.${TENANT_COMPREHENSIVE_VIEW}\``,
    );
    expect(rows.rows).toEqual([{ tenant_id: 'acme_corp', run_id: null, quota_status: 'AVAILABLE' }]);
    const other = await local.warehouse.runQuery(
      `SELECT tenant_id FROM \`${local.projectId}.globex_inc.${TENANT_COMPREHENSIVE_VIEW}\``,
    );
    expect(other.rows).toEqual([{ tenant_id: 'globex_inc' }]);
    const checks = await local.warehouse.runQuery(
      `SELECT message FROM \`${local.projectId}.acme_corp.onboarding_validation_test\` WHERE check_name = 'view_create'`,
    );
    expect(checks.rows).toEqual([{ message: `${TENANT_COMPREHENSIVE_VIEW} created` }]);
  });
});
