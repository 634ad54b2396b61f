import { tenantStepLogsProjection } from '../../../src/projections/tables/tenant-step-logs.projection';
import { assertBatchInvariant, assertPrefixInvariant, rowsByKey } from './support/projection-spec';
import { runLife, shortRuns } from './run-scenario';

const key = (runId: string, stepId: string, runAttempt: number, attempt: number) =>
  ['acme', runId, stepId, runAttempt, attempt].join('\u0000');

describe('tenant_step_logs projection', () => {
  const life = runLife();
  const short = shortRuns();
  const logs = (revision = life.events.length) => rowsByKey(tenantStepLogsProjection, life.events.slice(0, revision));

  it('given a step started, a RUNNING row with its kind, name and job; its success adds time, duration and rows', () => {
    expect(logs(6).get(key(life.runId, 'load', 1, 1))).toEqual({
      tenant_id: 'acme',
      run_id: life.runId,
      step_id: 'load',
      run_attempt: 1,
      attempt: 1,
      pipeline_id: 'cost_billing',
      step_name: 'Load the day',
      ps_type: 'gcp.bq_etl',
      status: 'RUNNING',
      started_at: '2026-03-02T10:01:01.000Z',
      finished_at: null,
      duration_ms: null,
      bigquery_job_id: `${life.runId}_load_1`,
      rows_affected: null,
      bytes_processed: null,
      error_code: null,
      error_message: null,
      source_revision: 6,
      source_stream_id: `run-${life.runId}`,
      source_event_id: `run-${life.runId}#6`,
      updated_at: '2026-03-02T10:00:05.000Z',
    });
    expect(logs(7).get(key(life.runId, 'load', 1, 1))).toMatchObject({
      status: 'SUCCEEDED',
      finished_at: '2026-03-02T10:01:31.000Z',
      duration_ms: 30_000,
      rows_affected: 42,
      source_revision: 7,
    });
  });

  it("a retried attempt is FAILED when the next one starts; the last one fails with the step's code", () => {
    const rows = logs(10);
    expect(rows.get(key(life.runId, 'check', 1, 1))).toMatchObject({
      status: 'FAILED',
      finished_at: null,
      error_code: null,
      error_message: 'retried as attempt 2',
      source_revision: 9,
    });
    expect(rows.get(key(life.runId, 'check', 1, 2))).toMatchObject({
      status: 'FAILED',
      error_code: 'DQ_CRITICAL_FAILURE',
      finished_at: '2026-03-02T10:01:42.000Z',
      duration_ms: 2000,
      source_revision: 10,
    });
  });

  it('a skipped step is attempt 0 with its reason; the next run attempt gets rows of its own', () => {
    const rows = logs();
    expect(rows.get(key(life.runId, 'publish', 1, 0))).toMatchObject({
      status: 'SKIPPED',
      ps_type: null,
      started_at: '2026-03-02T10:01:43.000Z',
      error_message: 'dependency_not_succeeded',
    });
    expect(rows.get(key(life.runId, 'load', 2, 1))).toMatchObject({ status: 'SUCCEEDED', rows_affected: null });
    expect(rows.get(key(life.runId, 'load', 1, 1))).toMatchObject({ status: 'SUCCEEDED', source_revision: 7 });
    expect(rows.size).toBe(7);
  });

  it('a step running when the run times out ends TIMED_OUT; a resumed start leaves it running until then', () => {
    const run = 'acme--manual--t1';
    expect(rowsByKey(tenantStepLogsProjection, short.timedOut.slice(0, 5)).get(key(run, 'load', 1, 1))).toMatchObject({
      status: 'RUNNING',
      source_revision: 4,
    });
    expect(rowsByKey(tenantStepLogsProjection, short.timedOut).get(key(run, 'load', 1, 1))).toMatchObject({
      status: 'TIMED_OUT',
      error_code: 'TIMED_OUT',
      finished_at: '2026-03-02T14:01:00.000Z',
    });
  });

  it('prefix and batch invariants', () => {
    assertPrefixInvariant(tenantStepLogsProjection, life.events);
    assertBatchInvariant(tenantStepLogsProjection, life.events);
  });
});
