/** One `tenant_dq_results` row per evaluated expectation (pure). */
import type { Row } from '../../../warehouse/warehouse';
import type { Expectation, Severity } from '../../model/pipeline-codec';
import type { Evaluation } from './expectation-sql';

export type DqResult = 'PASS' | 'WARNING' | 'FAIL';

export interface DqOutcome {
  readonly checkId: string;
  readonly expectation: Expectation;
  readonly severity: Severity;
  readonly result: DqResult;
  readonly evaluation: Evaluation;
  readonly jobId: string;
}

export interface DqRowContext {
  readonly tenantId: string;
  readonly runId: string;
  readonly stepId: string;
  readonly pipelineId: string;
  readonly targetTable: string;
  readonly checkedAt: Date;
  readonly attempt: number;
}

function columnOf(e: Expectation): string | null {
  if ('column' in e) return e.column;
  if ('columns' in e) return e.columns.join(',');
  return null;
}

/**
 * The table's version columns come from the run rather than from an event: the step writes directly (the
 * same rows also travel in the step's output, i.e. in its lifecycle event). The attempt is the version, so a
 * later attempt's verdict replaces an earlier one and a re-delivered attempt writes the same row again.
 */
export function dqResultRow(o: DqOutcome, c: DqRowContext): Row {
  const checkedAt = c.checkedAt.toISOString();
  return {
    tenant_id: c.tenantId,
    run_id: c.runId,
    step_id: c.stepId,
    check_id: o.checkId,
    pipeline_id: c.pipelineId,
    expectation_type: o.expectation.type,
    target_table: c.targetTable,
    column_name: columnOf(o.expectation),
    severity: o.severity,
    result: o.result,
    observed_value: o.evaluation.observed,
    expected: o.evaluation.expected,
    failing_rows: o.evaluation.failingRows ?? null,
    details: { description: o.expectation.description ?? null, job_id: o.jobId },
    checked_at: checkedAt,
    source_revision: c.attempt,
    source_stream_id: `run-${c.runId}`,
    source_event_id: o.jobId,
    updated_at: checkedAt,
  };
}
