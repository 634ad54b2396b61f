/** Public surface of the pipeline engine: load pipelines, run them, and the ports they need. */
export { createPipelineCatalog, SETUP_PIPELINES, templateSegments } from './catalog/pipeline-catalog';
export type { PipelineCatalog, PipelineRef, SetupPipeline } from './catalog/pipeline-catalog';
export { formatLoadIssue, PipelineLoadError, StepError, VariableError } from './errors';
export type { LoadIssue, StepErrorCode } from './errors';
export { systemClock } from './executor/clock';
export type { Clock } from './executor/clock';
export { executePipeline } from './executor/execute-pipeline';
export type {
  ExecutePipelineInput,
  ExecutorDeps,
  FinishedStatus,
  PipelineRunResult,
  ResumeState,
} from './executor/execute-pipeline';
export { noLifecycle } from './executor/lifecycle';
export type {
  StepFailedReport,
  StepLifecycle,
  StepOutput,
  StepSkippedReport,
  StepStartedReport,
  StepSucceededReport,
} from './executor/lifecycle';
export { jobIdFor } from './executor/run-step';
export { parsePipeline } from './model/load-pipeline';
export type { PipelineDefinition, StepDefinition } from './model/pipeline';
export { defaultStepKinds, defaultStepRegistry, defaultTableCatalog } from './steps/default-registry';
export type {
  RunStatus,
  RunSummary,
  StepContext,
  StepDeps,
  StepKind,
  StepRegistry,
  StepReport,
} from './steps/step-kind';
export { stepRegistry } from './steps/step-kind';
export type { WebhookSettings } from './steps/webhook/webhook-settings';
export type { TableCatalog } from './steps/table-catalog';
export { BUILTIN_VARIABLES, resolveVariables } from './variables/resolve-variables';
export type { RunIdentity } from './variables/resolve-variables';
