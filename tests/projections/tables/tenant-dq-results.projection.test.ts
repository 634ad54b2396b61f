import { tenantDqResultsProjection } from '../../../src/projections/tables/tenant-dq-results.projection';
import { assertBatchInvariant, assertPrefixInvariant, rowsByKey } from './support/projection-spec';
import { runStream, requested } from './support/recorded-events';
import { runLife, shortRuns } from './run-scenario';

describe('tenant_dq_results projection', () => {
  const life = runLife();
  const key = (checkId: string) => ['acme', life.runId, 'check', checkId].join('\u0000');

  it('given a critical failure, one row per verdict from the StepFailed details', () => {
    const rows = rowsByKey(tenantDqResultsProjection, life.events.slice(0, 10));
    expect(rows.size).toBe(2);
    expect(rows.get(key('account_not_null'))).toEqual({
      tenant_id: 'acme',
      run_id: life.runId,
      step_id: 'check',
      check_id: 'account_not_null',
      pipeline_id: 'cost_billing',
      expectation_type: 'not_null',
      target_table: 'acme.billing_cost_daily',
      column_name: 'billing_account_id',
      severity: 'critical',
      result: 'FAIL',
      observed_value: '3 failing rows',
      expected: 'no NULL in billing_account_id',
      failing_rows: 3,
      details: { description: null, job_id: 'job-account_not_null', attempt: 2, run_attempt: 1 },
      checked_at: '2026-03-02T10:01:41.000Z',
      source_revision: 10,
      source_stream_id: `run-${life.runId}`,
      source_event_id: `run-${life.runId}#10`,
      updated_at: '2026-03-02T10:00:09.000Z',
    });
    expect(rows.get(key('has_rows'))).toMatchObject({ result: 'WARNING', severity: 'warning' });
  });

  it("the retried run's verdicts replace the failed attempt's, from its StepSucceeded", () => {
    const rows = rowsByKey(tenantDqResultsProjection, life.events);
    expect(rows.get(key('account_not_null'))).toMatchObject({
      result: 'PASS',
      failing_rows: 0,
      checked_at: '2026-03-03T00:30:13.000Z',
      details: { attempt: 1, run_attempt: 2 },
      source_revision: 18,
    });
  });

  it('steps of other kinds and runs without a data-quality step give no rows', () => {
    expect(rowsByKey(tenantDqResultsProjection, life.events.slice(0, 7)).size).toBe(0);
    expect(rowsByKey(tenantDqResultsProjection, shortRuns().timedOut).size).toBe(0);
  });

  it('refuses malformed verdicts loudly rather than dropping them', () => {
    const s = runStream('acme--manual--bad', 'acme');
    s.add('RunRequested', requested('acme--manual--bad', 'acme', { trigger: 'manual', configId: null }));
    s.add('RunStarted', {
      attempt: 1,
      workerId: 'w',
      resumed: false,
      usageDay: '2026-03-02',
      usageMonth: '2026-03',
      startedAt: '2026-03-02T10:00:01.000Z',
    });
    s.add('StepStarted', {
      stepId: 'check',
      attempt: 1,
      runAttempt: 1,
      jobId: 'j',
      startedAt: '2026-03-02T10:00:02.000Z',
    });
    s.add('StepSucceeded', {
      stepId: 'check',
      attempt: 1,
      runAttempt: 1,
      details: { dq_results: [{ check_id: 'x' }] },
      finishedAt: '2026-03-02T10:00:03.000Z',
    });
    expect(() => tenantDqResultsProjection.rows(s.events)).toThrow(/dq_results do not decode/);
  });

  it('prefix and batch invariants', () => {
    assertPrefixInvariant(tenantDqResultsProjection, life.events);
    assertBatchInvariant(tenantDqResultsProjection, life.events);
  });
});
