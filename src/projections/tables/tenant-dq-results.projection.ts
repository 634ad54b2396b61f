import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { describeDecodeErrors } from '../../domain/decode-errors';
import type { RecordedEvent } from '../../eventstore';
import type { Row } from '../../warehouse/warehouse';
import { tenantDqResults } from '../../warehouse/tables/central/tenant-dq-results';
import type { StreamProjection } from '../projection';
import { isRunStream, runEventOf, timestamp } from './domain-events';
import { foldRows } from './fold-rows';

/** One verdict as a data-quality step reports it in its details (`dq_results`, see result-detail.ts). */
const DqResult = t.type({
  check_id: t.string,
  expectation_type: t.string,
  target_table: t.string,
  column: t.union([t.string, t.null]),
  severity: t.string,
  result: t.string,
  observed: t.string,
  expected: t.string,
  failing_rows: t.union([t.number, t.null]),
  description: t.union([t.string, t.null]),
  job_id: t.string,
  checked_at: t.string,
});
type DqResult = t.TypeOf<typeof DqResult>;

interface Verdict {
  readonly stepId: string;
  readonly attempt: number;
  readonly runAttempt: number;
  readonly result: DqResult;
}

interface DqState {
  readonly tenantId: string;
  readonly runId: string;
  readonly pipelineId: string;
  readonly verdicts: ReadonlyMap<string, Verdict>;
}

/** The verdicts a finished step reported; none for steps of other kinds. A malformed list is a bug, refused loudly. */
function resultsOf(details: unknown, stepId: string): readonly DqResult[] {
  const list =
    typeof details === 'object' && details !== null ? (details as Record<string, unknown>).dq_results : undefined;
  if (list === undefined) return [];
  const decoded = t.readonlyArray(DqResult).decode(list);
  if (E.isLeft(decoded))
    throw new Error(`step ${stepId}: dq_results do not decode: ${describeDecodeErrors(decoded.left).join('; ')}`);
  return decoded.right;
}

function evolve(state: DqState, recorded: RecordedEvent): DqState {
  const event = runEventOf(recorded);
  if (event?.type === 'RunRequested')
    return { ...state, tenantId: recorded.tenantId, runId: event.data.runId, pipelineId: event.data.pipelineId };
  if (event?.type !== 'StepSucceeded' && event?.type !== 'StepFailed') return state;
  const { stepId, attempt, runAttempt } = event.data;
  const results = resultsOf(event.data.details, stepId);
  if (results.length === 0) return state;
  // A later attempt's verdict on a check replaces the earlier one: the key has no attempt.
  const verdicts = new Map(state.verdicts);
  for (const result of results)
    verdicts.set(`${stepId}\u0000${result.check_id}`, { stepId, attempt, runAttempt, result });
  return { ...state, verdicts };
}

function* view(state: DqState): Iterable<readonly [string, Row]> {
  for (const [key, v] of state.verdicts) {
    const r = v.result;
    yield [
      key,
      {
        tenant_id: state.tenantId,
        run_id: state.runId,
        step_id: v.stepId,
        check_id: r.check_id,
        pipeline_id: state.pipelineId,
        expectation_type: r.expectation_type,
        target_table: r.target_table,
        column_name: r.column,
        severity: r.severity,
        result: r.result,
        observed_value: r.observed,
        expected: r.expected,
        failing_rows: r.failing_rows === null ? null : Math.trunc(r.failing_rows),
        details: { description: r.description, job_id: r.job_id, attempt: v.attempt, run_attempt: v.runAttempt },
        checked_at: timestamp(r.checked_at),
      },
    ];
  }
}

/** tenant_dq_results: one row per expectation a data-quality step of the run evaluated (from its step events). */
export const tenantDqResultsProjection: StreamProjection = {
  kind: 'stream',
  table: tenantDqResults,
  accepts: isRunStream,
  rows: (events) =>
    foldRows<DqState>(events, { tenantId: '', runId: '', pipelineId: 'unknown', verdicts: new Map() }, evolve, view),
};
