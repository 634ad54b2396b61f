import { tenantPipelineRunsProjection } from '../../../src/projections/tables/tenant-pipeline-runs.projection';
import { assertBatchInvariant, assertPrefixInvariant, onlyRow } from './support/projection-spec';
import { runLife, shortRuns } from './run-scenario';

describe('tenant_pipeline_runs projection', () => {
  const life = runLife();
  const short = shortRuns();
  const at = (revision: number) => onlyRow(tenantPipelineRunsProjection, life.events.slice(0, revision));

  it('given a scheduled run requested, REQUESTED with its trigger, schedule, fire time and parameters', () => {
    expect(at(1)).toEqual({
      tenant_id: 'acme',
      run_id: life.runId,
      pipeline_id: 'cost_billing',
      pipeline_version: null,
      schedule_id: 'daily_cost',
      trigger_type: 'SCHEDULED',
      triggered_by: 'scheduler',
      status: 'REQUESTED',
      status_reason: null,
      scheduled_time: '2026-03-02T06:00:00.000Z',
      requested_at: '2026-03-02T10:00:00.000Z',
      started_at: null,
      finished_at: null,
      duration_ms: null,
      steps_total: 0,
      steps_succeeded: 0,
      steps_failed: 0,
      steps_skipped: 0,
      parameters: { billing_account_ids: ['0A0A0A-0B0B0B-0C0C0C'] },
      error_message: null,
      correlation_id: `corr-run-${life.runId}`,
      attempts: 0,
      usage_date: null,
      source_revision: 1,
      source_stream_id: `run-${life.runId}`,
      source_event_id: `run-${life.runId}#1`,
      updated_at: '2026-03-02T10:00:00.000Z',
    });
  });

  it("QUEUED, DEFERRED with the gate's reason, RUNNING counted on its usage day", () => {
    expect(at(2)).toMatchObject({ status: 'QUEUED' });
    expect(at(3)).toMatchObject({
      status: 'DEFERRED',
      status_reason: expect.stringContaining('concurrency limit of 1'),
    });
    expect(at(5)).toMatchObject({
      status: 'RUNNING',
      status_reason: null,
      started_at: '2026-03-02T10:01:00.000Z',
      usage_date: '2026-03-02',
      attempts: 1,
    });
  });

  it("counts the attempt's steps and keeps the first failure", () => {
    expect(at(11)).toMatchObject({
      steps_total: 3,
      steps_succeeded: 1,
      steps_failed: 1,
      steps_skipped: 1,
      error_message: 'step check: critical expectations failed: account_not_null',
    });
    expect(at(12)).toMatchObject({
      status: 'REQUESTED',
      status_reason: expect.stringContaining('retry at 2026-03-03T00:30:00.000Z'),
      finished_at: null,
    });
  });

  it('a retry the next day keeps the first start and usage day; success finishes with the duration from it', () => {
    expect(onlyRow(tenantPipelineRunsProjection, life.events)).toMatchObject({
      status: 'SUCCEEDED',
      started_at: '2026-03-02T10:01:00.000Z',
      finished_at: '2026-03-03T00:30:16.000Z',
      duration_ms: Date.parse('2026-03-03T00:30:16.000Z') - Date.parse('2026-03-02T10:01:00.000Z'),
      usage_date: '2026-03-02',
      attempts: 2,
      steps_total: 3,
      steps_succeeded: 3,
      steps_failed: 0,
      error_message: 'step check: critical expectations failed: account_not_null',
      source_revision: 21,
    });
  });

  it('missed and skipped fire times are runs too: MISSED / SKIPPED, finished when handled', () => {
    expect(onlyRow(tenantPipelineRunsProjection, short.missed)).toMatchObject({
      status: 'MISSED',
      trigger_type: 'SCHEDULED',
      schedule_id: 'daily_cost',
      pipeline_id: 'cost_billing',
      scheduled_time: '2026-03-01T06:00:00.000Z',
      finished_at: '2026-03-02T10:00:00.000Z',
      parameters: null,
    });
    expect(onlyRow(tenantPipelineRunsProjection, short.skipped)).toMatchObject({
      status: 'SKIPPED',
      status_reason: expect.stringContaining('acme--daily_cost--20260302T0600Z'),
    });
  });

  it('manual runs: REJECTED with the quota reason, CANCELLED with its reason, TIMED_OUT keeping the first start', () => {
    expect(onlyRow(tenantPipelineRunsProjection, short.rejected)).toMatchObject({
      status: 'REJECTED',
      trigger_type: 'MANUAL',
      triggered_by: 'alice',
      schedule_id: null,
      scheduled_time: null,
      status_reason: 'DAILY_QUOTA_EXCEEDED: Daily limit of 6 runs reached (2026-03-02)',
      finished_at: '2026-03-02T11:00:01.000Z',
      usage_date: null,
    });
    expect(onlyRow(tenantPipelineRunsProjection, short.cancelled)).toMatchObject({
      status: 'CANCELLED',
      status_reason: 'changed my mind',
      started_at: null,
      duration_ms: null,
    });
    expect(onlyRow(tenantPipelineRunsProjection, short.timedOut)).toMatchObject({
      status: 'TIMED_OUT',
      started_at: '2026-03-02T13:00:01.000Z',
      duration_ms: 61 * 60_000 - 1000,
      error_message: expect.stringContaining('pipeline timeout'),
    });
  });

  it('prefix and batch invariants', () => {
    assertPrefixInvariant(tenantPipelineRunsProjection, life.events);
    assertBatchInvariant(tenantPipelineRunsProjection, life.events);
  });
});
