import { tenantComprehensiveView } from './tenant-comprehensive-view';
import { tenantPipelineExecutionView } from './tenant-pipeline-execution-view';
import type { ViewDefinition } from './view-definition';

/** Views of the central dataset (rows of every tenant), created by the bootstrap. */
export const centralViews: readonly ViewDefinition[] = [tenantPipelineExecutionView];

/** Views of each tenant's dataset `{tenant_id}`, created at onboarding. */
export const tenantViews: readonly ViewDefinition[] = [tenantComprehensiveView];
