import type { Projection } from '../projection';
import { tenantApiKeysProjection } from './tenant-api-keys.projection';
import { tenantCloudCredentialsProjection } from './tenant-cloud-credentials.projection';
import { tenantDqResultsProjection } from './tenant-dq-results.projection';
import { tenantEventLogProjection } from './tenant-event-log.projection';
import { tenantPipelineConfigsProjection } from './tenant-pipeline-configs.projection';
import { tenantPipelineExecutionQueueProjection } from './tenant-pipeline-execution-queue.projection';
import { tenantPipelineRunsProjection } from './tenant-pipeline-runs.projection';
import { tenantProfilesProjection } from './tenant-profiles.projection';
import { tenantScheduledPipelineRunsProjection } from './tenant-scheduled-pipeline-runs.projection';
import { tenantStepLogsProjection } from './tenant-step-logs.projection';
import { tenantSubscriptionsProjection } from './tenant-subscriptions.projection';
import { tenantUsageQuotasProjection } from './tenant-usage-quotas.projection';

/**
 * Every central table's projection, in dependency order: the stream projections first (each a fold of one
 * stream), then the derived ones, each after the tables it reads —
 * tenant_api_keys reads its tenant's stream and the key uses in tenant_event_log;
 * tenant_pipeline_configs reads tenant_event_log, tenant_scheduled_pipeline_runs and tenant_pipeline_runs;
 * tenant_usage_quotas reads tenant_profiles, tenant_subscriptions, tenant_pipeline_runs and tenant_event_log.
 */
export const projections: readonly Projection[] = [
  tenantProfilesProjection,
  tenantSubscriptionsProjection,
  tenantCloudCredentialsProjection,
  tenantScheduledPipelineRunsProjection,
  tenantPipelineExecutionQueueProjection,
  tenantPipelineRunsProjection,
  tenantStepLogsProjection,
  tenantDqResultsProjection,
  tenantEventLogProjection,
  tenantApiKeysProjection,
  tenantPipelineConfigsProjection,
  tenantUsageQuotasProjection,
];

export {
  tenantApiKeysProjection,
  tenantCloudCredentialsProjection,
  tenantDqResultsProjection,
  tenantEventLogProjection,
  tenantPipelineConfigsProjection,
  tenantPipelineExecutionQueueProjection,
  tenantPipelineRunsProjection,
  tenantProfilesProjection,
  tenantScheduledPipelineRunsProjection,
  tenantStepLogsProjection,
  tenantSubscriptionsProjection,
  tenantUsageQuotasProjection,
};
