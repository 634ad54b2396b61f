import type { Logger } from 'pino';
import { startManualRun } from '../app/runs/start-manual-run';
import { createSchedule } from '../app/schedules/create-schedule';
import type { Actor, ServiceContext } from '../app/service-context';
import { bootstrapSystem } from '../app/system/bootstrap-system';
import { loadSystem } from '../app/system/load-system';
import { loadTenant } from '../app/handle-tenant-command';
import { onboardTenant } from '../app/tenants/onboard-tenant';
import {
  BILLING_EXPORT_DATASET,
  generateBillingExport,
  SAMPLE_EXPORT_TABLE,
  sampleTenants,
  writeBillingExport,
} from '../local/sample-data';
import { ownEntry } from '../domain/own-entry';

const SEED = 'convergence-demo';
const DAYS = 7;
const PLANS = ['PROFESSIONAL', 'STARTER'] as const;
const actor: Actor = { actor: 'local:demo' };

export interface DemoTenant {
  readonly tenantId: string;
  /** Only when this start onboarded it: keys are shown once. */
  readonly apiKey?: string;
}

/**
 * The first local start's demo, idempotent on every later start: bootstrap, a week of generated billing
 * export, two tenants with a daily cost pipeline and a quarter-hourly check, and one cost run each right away.
 */
export async function seedDemo(ctx: ServiceContext, logger: Logger): Promise<DemoTenant[]> {
  if (!(await loadSystem(ctx.store)).state.bootstrapped)
    await bootstrapSystem(ctx, { forceRecreateTables: false }, actor);
  const tenants = sampleTenants(PLANS.length, SEED);
  if (!(await ctx.warehouse.tableExists({ dataset: BILLING_EXPORT_DATASET, table: SAMPLE_EXPORT_TABLE }))) {
    const start = new Date(ctx.now().getTime() - DAYS * 86_400_000).toISOString().slice(0, 10);
    const exported = generateBillingExport({ seed: SEED, tenants, startDate: start, days: DAYS });
    const written = await writeBillingExport(ctx.warehouse, exported.rows);
    logger.info({ rows: written.rows, table: `${written.dataset}.${written.table}` }, 'demo billing export generated');
  }

  const seeded: DemoTenant[] = [];
  for (const [index, sample] of tenants.entries()) {
    const { state } = await loadTenant(ctx.store, sample.tenantId);
    let apiKey: string | undefined;
    if (!state.exists || state.provisioning !== 'COMPLETE') {
      const onboarded = await onboardTenant(
        ctx,
        {
          tenant_id: sample.tenantId,
          company_name: `Demo tenant ${index + 1}`,
          contact_email: `ops@${sample.tenantId.replace(/_/g, '-')}.example.com`,
          subscription_plan: PLANS[index] ?? 'STARTER',
          timezone: index === 0 ? 'Europe/Berlin' : 'America/New_York',
          billing_account_ids: sample.billingAccountIds,
        },
        actor,
      );
      apiKey = onboarded.apiKey;
    }
    const schedules = (await loadTenant(ctx.store, sample.tenantId)).state;
    const has = (configId: string) => schedules.exists && ownEntry(schedules.schedules, configId) !== undefined;
    if (!has('daily_cost')) {
      await createSchedule(
        ctx,
        sample.tenantId,
        {
          config_id: 'daily_cost',
          provider: 'gcp',
          domain: 'cost',
          template: 'cost_billing',
          schedule_cron: '0 6 * * *',
          parameters: { billing_export_table: SAMPLE_EXPORT_TABLE },
        },
        'operator',
        actor,
      );
    }
    if (!has('warehouse_check')) {
      await createSchedule(
        ctx,
        sample.tenantId,
        {
          config_id: 'warehouse_check',
          provider: 'demo',
          domain: 'health',
          template: 'warehouse_check',
          schedule_cron: '*/15 * * * *',
        },
        'operator',
        actor,
      );
    }
    // One run now, so the first start shows results without waiting for a cron (idempotent by its key).
    await startManualRun(
      ctx,
      sample.tenantId,
      { provider: 'gcp', domain: 'cost', name: 'cost_billing' },
      {},
      'demo-first-cost-run',
      'operator',
      actor,
    );
    seeded.push(apiKey ? { tenantId: sample.tenantId, apiKey } : { tenantId: sample.tenantId });
  }
  return seeded;
}
