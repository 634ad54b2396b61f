import { tenantPipelineExecutionQueueProjection } from '../../../src/projections/tables/tenant-pipeline-execution-queue.projection';
import { assertBatchInvariant, assertPrefixInvariant, onlyRow, rowsByKey } from './support/projection-spec';
import { runLife, shortRuns } from './run-scenario';

describe('tenant_pipeline_execution_queue projection', () => {
  const life = runLife();
  const short = shortRuns();
  const at = (revision: number) => onlyRow(tenantPipelineExecutionQueueProjection, life.events.slice(0, revision));

  it('given a requested run, it is PENDING until a task is dispatched, then QUEUED with the task', () => {
    expect(at(1)).toEqual({
      tenant_id: 'acme',
      run_id: life.runId,
      pipeline_id: 'cost_billing',
      trigger_type: 'SCHEDULED',
      priority: 5,
      queue_status: 'PENDING',
      enqueued_at: '2026-03-02T10:00:00.000Z',
      available_at: null,
      dispatch_attempts: 0,
      deferral_count: 0,
      last_deferral_reason: null,
      task_name: null,
      dequeued_at: null,
      dequeue_reason: null,
      source_revision: 1,
      source_stream_id: `run-${life.runId}`,
      source_event_id: `run-${life.runId}#1`,
      updated_at: '2026-03-02T10:00:00.000Z',
    });
    expect(at(2)).toMatchObject({
      queue_status: 'QUEUED',
      dispatch_attempts: 1,
      task_name: `${life.runId}-g1`,
      source_revision: 2,
    });
  });

  it('deferred by the concurrency gate: DEFERRED with the count, reason and re-dispatch time', () => {
    expect(at(3)).toMatchObject({
      queue_status: 'DEFERRED',
      deferral_count: 1,
      last_deferral_reason: 'concurrency limit of 1 reached (1 running)',
      available_at: '2026-03-02T10:01:00.000Z',
    });
    expect(at(4)).toMatchObject({
      queue_status: 'QUEUED',
      dispatch_attempts: 2,
      deferral_count: 1,
      available_at: '2026-03-02T10:01:00.000Z',
    });
  });

  it('leaves the queue when it starts; step events do not touch the row', () => {
    expect(at(5)).toMatchObject({
      queue_status: 'DEQUEUED',
      dequeue_reason: 'STARTED',
      dequeued_at: '2026-03-02T10:01:00.000Z',
      available_at: null,
      source_revision: 5,
    });
    expect(at(11)).toMatchObject({ source_revision: 5 });
  });

  it('a failed attempt with a retry puts it back until its next start', () => {
    expect(at(12)).toMatchObject({
      queue_status: 'PENDING',
      available_at: '2026-03-03T00:30:00.000Z',
      dequeued_at: null,
      dequeue_reason: null,
    });
    expect(at(13)).toMatchObject({ queue_status: 'QUEUED', dispatch_attempts: 3 });
    expect(onlyRow(tenantPipelineExecutionQueueProjection, life.events)).toMatchObject({
      queue_status: 'DEQUEUED',
      dequeued_at: '2026-03-03T00:30:00.000Z',
      source_revision: 14,
    });
  });

  it('rejected and cancelled runs leave it with their reason; a resumed start or a timeout of a running run changes nothing', () => {
    expect(onlyRow(tenantPipelineExecutionQueueProjection, short.rejected)).toMatchObject({
      queue_status: 'DEQUEUED',
      dequeue_reason: 'REJECTED',
      trigger_type: 'MANUAL',
    });
    expect(onlyRow(tenantPipelineExecutionQueueProjection, short.cancelled)).toMatchObject({
      queue_status: 'DEQUEUED',
      dequeue_reason: 'CANCELLED',
      dequeued_at: '2026-03-02T12:00:05.000Z',
    });
    expect(onlyRow(tenantPipelineExecutionQueueProjection, short.timedOut)).toMatchObject({
      dequeue_reason: 'STARTED',
      dequeued_at: '2026-03-02T13:00:01.000Z',
      source_revision: 3,
    });
  });

  it('missed and skipped fire times never queue', () => {
    expect(rowsByKey(tenantPipelineExecutionQueueProjection, short.missed).size).toBe(0);
    expect(rowsByKey(tenantPipelineExecutionQueueProjection, short.skipped).size).toBe(0);
  });

  it('prefix and batch invariants', () => {
    assertPrefixInvariant(tenantPipelineExecutionQueueProjection, life.events);
    assertBatchInvariant(tenantPipelineExecutionQueueProjection, life.events);
  });
});
