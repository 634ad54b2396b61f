import { tenantScheduledPipelineRunsProjection } from '../../../src/projections/tables/tenant-scheduled-pipeline-runs.projection';
import { assertBatchInvariant, onlyRow, rowsByKey } from './support/projection-spec';
import { runLife, shortRuns } from './run-scenario';

describe('tenant_scheduled_pipeline_runs projection', () => {
  const life = runLife();
  const short = shortRuns();

  it('a scheduled run: one REQUESTED row from its first event, unchanged by everything after', () => {
    expect(onlyRow(tenantScheduledPipelineRunsProjection, life.events)).toEqual({
      tenant_id: 'acme',
      run_id: life.runId,
      schedule_id: 'daily_cost',
      pipeline_id: 'gcp/cost/cost_billing',
      scheduled_time: '2026-03-02T06:00:00.000Z',
      handled_at: '2026-03-02T10:00:00.000Z',
      outcome: 'REQUESTED',
      outcome_reason: null,
      blocking_run_id: null,
      source_revision: 1,
      source_stream_id: `run-${life.runId}`,
      source_event_id: `run-${life.runId}#1`,
      updated_at: '2026-03-02T10:00:00.000Z',
    });
  });

  it('a missed fire time (its own run stream) says why; a skipped one names the run that blocked it', () => {
    expect(onlyRow(tenantScheduledPipelineRunsProjection, short.missed)).toMatchObject({
      outcome: 'MISSED',
      scheduled_time: '2026-03-01T06:00:00.000Z',
      outcome_reason: expect.stringContaining('120 min'),
    });
    expect(onlyRow(tenantScheduledPipelineRunsProjection, short.skipped)).toMatchObject({
      outcome: 'SKIPPED',
      blocking_run_id: life.runId,
      outcome_reason: expect.stringContaining(life.runId),
    });
  });

  it('manual runs have no row, even when the pipeline has a schedule', () => {
    expect(rowsByKey(tenantScheduledPipelineRunsProjection, short.rejected).size).toBe(0);
    expect(rowsByKey(tenantScheduledPipelineRunsProjection, short.cancelled).size).toBe(0);
  });

  it('batch invariant', () => {
    assertBatchInvariant(tenantScheduledPipelineRunsProjection, life.events);
  });
});
