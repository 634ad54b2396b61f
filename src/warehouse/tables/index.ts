import type { TableDefinition } from '../warehouse';
import { tenantApiKeys } from './central/tenant-api-keys';
import { tenantCloudCredentials } from './central/tenant-cloud-credentials';
import { tenantDqResults } from './central/tenant-dq-results';
import { tenantEventLog } from './central/tenant-event-log';
import { tenantPipelineConfigs } from './central/tenant-pipeline-configs';
import { tenantPipelineExecutionQueue } from './central/tenant-pipeline-execution-queue';
import { tenantPipelineRuns } from './central/tenant-pipeline-runs';
import { tenantProfiles } from './central/tenant-profiles';
import { tenantScheduledPipelineRuns } from './central/tenant-scheduled-pipeline-runs';
import { tenantStepLogs } from './central/tenant-step-logs';
import { tenantSubscriptions } from './central/tenant-subscriptions';
import { tenantUsageQuotas } from './central/tenant-usage-quotas';
import { billingCostDaily } from './tenant/billing-cost-daily';
import { dryrunValidationLog } from './tenant/dryrun-validation-log';
import { onboardingValidationTest } from './tenant/onboarding-validation-test';

/** The one central dataset: every `tenant_*` table, rows of all tenants, clustered by tenant_id. */
export const CENTRAL_DATASET = 'tenants';

export const centralTables: readonly TableDefinition[] = [
  tenantProfiles,
  tenantApiKeys,
  tenantSubscriptions,
  tenantUsageQuotas,
  tenantCloudCredentials,
  tenantPipelineConfigs,
  tenantScheduledPipelineRuns,
  tenantPipelineExecutionQueue,
  tenantPipelineRuns,
  tenantStepLogs,
  tenantDqResults,
  tenantEventLog,
];

/** Tables of each tenant's own dataset `{tenant_id}`. */
export const tenantTables: readonly TableDefinition[] = [
  onboardingValidationTest,
  billingCostDaily,
  dryrunValidationLog,
];

export class UnknownTableError extends Error {
  readonly code = 'UNKNOWN_TABLE';
  constructor(
    readonly scope: 'central' | 'tenant',
    readonly tableName: string,
  ) {
    super(`No ${scope} table is defined with the name "${tableName}".`);
    this.name = 'UnknownTableError';
  }
}

export function centralTable(name: string): TableDefinition {
  const found = centralTables.find((table) => table.name === name);
  if (!found) throw new UnknownTableError('central', name);
  return found;
}

export function tenantTable(name: string): TableDefinition {
  const found = tenantTables.find((table) => table.name === name);
  if (!found) throw new UnknownTableError('tenant', name);
  return found;
}
