/**
 * A step kind (`ps_type`): its load-time checks and how it runs. Kinds reach the outside world only through
 * the dependencies they are given (Warehouse port, table catalog, clock, webhook settings).
 */
import type { Warehouse } from '../../warehouse/warehouse';
import type { Clock } from '../executor/clock';
import type { StepOutput } from '../executor/lifecycle';
import type { PipelineDefinition, StepDefinition } from '../model/pipeline';
import type { RawStep } from '../model/pipeline-codec';
import type { FieldIssue } from '../model/report-errors';
import type { Scope } from '../variables/render-sql';
import type { Variables } from '../variables/values';
import type { TableCatalog } from './table-catalog';
import type { WebhookSettings } from './webhook/webhook-settings';

export interface StepDeps {
  readonly warehouse: Warehouse;
  readonly tables: TableCatalog;
  readonly clock: Clock;
  /** For the webhook kind: the operator's allow-list of internal hosts (none when absent). */
  readonly webhook?: WebhookSettings;
}

export interface CheckEnv {
  readonly tables: TableCatalog;
  readonly scope: Scope;
}

export type StepStatus = 'succeeded' | 'failed' | 'skipped' | 'not_run';

export interface StepReport {
  readonly stepId: string;
  readonly status: StepStatus;
  /** Attempts made by this execution (0 for steps finished before a resume). */
  readonly attempts: number;
  readonly resumed: boolean;
  readonly error?: { readonly code: string; readonly message: string };
  readonly output?: StepOutput;
}

export type RunStatus = 'succeeded' | 'failed' | 'timed_out' | 'cancelled';

/** What notification steps are told about the run. */
export interface RunSummary {
  readonly pipelineId: string;
  readonly runId: string;
  readonly tenantId?: string;
  readonly date: string;
  readonly status: RunStatus;
  readonly steps: readonly StepReport[];
}

export interface StepContext {
  readonly pipeline: PipelineDefinition;
  readonly step: StepDefinition;
  readonly attempt: number;
  /** Aborts on the step timeout, the pipeline timeout or cancellation. */
  readonly signal: AbortSignal;
  readonly variables: Variables;
  /** `{run_id}_{step_id}_{attempt}`, or with `_{suffix}` for a step's further jobs: deterministic, so a
   * re-delivered execution attaches to the job it already submitted. */
  jobId(suffix?: string): string;
  readonly deps: StepDeps;
  /** Set for notification steps. */
  readonly summary?: RunSummary;
}

export interface StepKind {
  readonly psType: string;
  /** Kind-specific checks at load time; paths are relative to the step. */
  check(step: RawStep, env: CheckEnv): readonly FieldIssue[];
  run(ctx: StepContext): Promise<StepOutput>;
}

export type StepRegistry = ReadonlyMap<string, StepKind>;

export function stepRegistry(kinds: readonly StepKind[]): StepRegistry {
  return new Map(kinds.map((k) => [k.psType, k] as const));
}
