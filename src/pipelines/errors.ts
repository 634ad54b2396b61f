/**
 * Typed errors of the pipeline engine, each with a `code` discriminant. Load errors accumulate (a file is
 * reported with all of its problems at once); step errors say whether another attempt can help.
 */
import type { FieldPath } from './model/report-errors';
import { formatPath } from './model/report-errors';

export type LoadIssueCode =
  | 'INVALID_PATH'
  | 'FILE_NOT_FOUND'
  | 'YAML_SYNTAX'
  | 'INVALID_FIELD'
  | 'UNKNOWN_STEP_KIND'
  | 'INVALID_STEP_CONFIG'
  | 'DUPLICATE_STEP_ID'
  | 'MISSING_DEPENDENCY'
  | 'CYCLE'
  | 'DUPLICATE_NAME'
  | 'UNKNOWN_PLACEHOLDER'
  | 'INVALID_SQL_TEMPLATE'
  | 'INVALID_DEFAULT';

export interface LoadIssue {
  readonly code: LoadIssueCode;
  readonly file: string;
  readonly path: FieldPath;
  /** 1-based line in the YAML file, when known. */
  readonly line?: number;
  readonly message: string;
}

/** `configs/gcp/cost/cost_billing.yml:12: steps[1].destination.write_mode: expected …, got "upsert"` */
export function formatLoadIssue(issue: LoadIssue): string {
  return `${issue.file}${issue.line === undefined ? '' : `:${issue.line}`}: ${formatPath(issue.path)}: ${issue.message}`;
}

export class PipelineLoadError extends Error {
  readonly code = 'PIPELINE_INVALID' as const;
  constructor(readonly issues: readonly LoadIssue[]) {
    super(`invalid pipeline:\n${issues.map(formatLoadIssue).join('\n')}`);
    this.name = 'PipelineLoadError';
  }
}

export type VariableIssueCode =
  | 'UNKNOWN_PLACEHOLDER'
  | 'UNKNOWN_QUERY_PARAMETER'
  | 'PLACEHOLDER_IN_STRING_LITERAL'
  | 'NOT_AN_IDENTIFIER'
  | 'INVALID_VALUE'
  | 'MISSING_VALUE'
  | 'UNKNOWN_PARAMETER'
  | 'VARIABLE_CYCLE';

export interface VariableIssue {
  readonly code: VariableIssueCode;
  readonly name: string;
  readonly message: string;
}

export class VariableError extends Error {
  readonly code = 'VARIABLES_INVALID' as const;
  constructor(readonly issues: readonly VariableIssue[]) {
    super(issues.map((i) => i.message).join('; '));
    this.name = 'VariableError';
  }
}

export type StepErrorCode =
  | 'STEP_TIMEOUT'
  | 'PIPELINE_TIMEOUT'
  | 'CANCELLED'
  | 'INVALID_STEP_CONFIG'
  | 'VARIABLES_INVALID'
  | 'DQ_CRITICAL_FAILURE'
  | 'WEBHOOK_FAILED'
  | 'WEBHOOK_TARGET_REFUSED'
  | 'SETUP_CHECK_FAILED'
  | 'WAREHOUSE_ERROR'
  | 'STEP_FAILED';

export class StepError extends Error {
  constructor(
    readonly code: StepErrorCode,
    message: string,
    /** False when another attempt cannot change the outcome (bad config, data that fails a critical check). */
    readonly retryable: boolean,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'StepError';
  }
}

/** `{ code, message }` of any thrown value, for lifecycle reports (never a stack, never secrets). */
export function describeError(error: unknown): { readonly code: string; readonly message: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : 'STEP_FAILED', message: error.message };
  }
  return { code: 'STEP_FAILED', message: String(error) };
}
