/**
 * One data-quality verdict per evaluated expectation, as the step reports it in its outcome (pure). The
 * results travel in the step's StepSucceeded / StepFailed event details, and the `tenant_dq_results`
 * projection reads them from there: the step itself writes no table.
 */
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

/** The verdict as recorded in the event: snake_case, JSON-safe, every text bounded. */
export interface DqResultDetail {
  readonly check_id: string;
  readonly expectation_type: string;
  readonly target_table: string;
  readonly column: string | null;
  readonly severity: Severity;
  readonly result: DqResult;
  readonly observed: string;
  readonly expected: string;
  readonly failing_rows: number | null;
  readonly description: string | null;
  readonly job_id: string;
  readonly checked_at: string;
}

/** Text fields of a verdict are cut here: a value set or a description must not bloat the run's events. */
export const MAX_DQ_TEXT = 500;

const bounded = (text: string): string => (text.length <= MAX_DQ_TEXT ? text : `${text.slice(0, MAX_DQ_TEXT - 1)}…`);

function columnOf(e: Expectation): string | null {
  if ('column' in e) return e.column;
  if ('columns' in e) return e.columns.join(',');
  return null;
}

export function dqResultDetail(o: DqOutcome, targetTable: string, checkedAt: Date): DqResultDetail {
  return {
    check_id: o.checkId,
    expectation_type: o.expectation.type,
    target_table: targetTable,
    column: columnOf(o.expectation),
    severity: o.severity,
    result: o.result,
    observed: bounded(o.evaluation.observed),
    expected: bounded(o.evaluation.expected),
    failing_rows: o.evaluation.failingRows ?? null,
    description: o.expectation.description === undefined ? null : bounded(o.expectation.description),
    job_id: o.jobId,
    checked_at: checkedAt.toISOString(),
  };
}

/** What a data-quality step puts in its outcome (and, on a critical failure, in its error's details). */
export function dqDetails(results: readonly DqResultDetail[]): Readonly<Record<string, unknown>> {
  const count = (result: DqResult) => results.filter((r) => r.result === result).length;
  return { dq_results: results, passed: count('PASS'), warnings: count('WARNING'), failed: count('FAIL') };
}
