export type { ViewDefinition } from './view-definition';
export {
  TENANT_COMPREHENSIVE_VIEW,
  tenantComprehensiveView,
  tenantComprehensiveViewSql,
} from './tenant-comprehensive-view';
export {
  TENANT_PIPELINE_EXECUTION_VIEW,
  tenantPipelineExecutionView,
  tenantPipelineExecutionViewSql,
} from './tenant-pipeline-execution-view';
export { centralViews, tenantViews } from './view-catalog';
export { ensureCentralViews, ensureTenantViews } from './ensure-views';
