import type { PipelineRef } from '../../domain/run/events';
import type { RecordedEvent } from '../../eventstore';
import type { Row } from '../../warehouse/warehouse';
import { tenantScheduledPipelineRuns } from '../../warehouse/tables/central/tenant-scheduled-pipeline-runs';
import type { StreamProjection } from '../projection';
import { isRunStream, runEventOf, timestamp } from './domain-events';
import { foldRows } from './fold-rows';

export const pipelinePath = (pipeline: PipelineRef): string =>
  `${pipeline.provider}/${pipeline.domain}/${pipeline.template}`;

/**
 * What a run stream says about a schedule's fire time: its first event is RunRequested (trigger `schedule`),
 * RunMissed or RunSkipped — the trigger appends all three to the run stream the fire time names, so one
 * stream is one fire time and its row never changes after revision 1. Manual runs have no row.
 */
function fireRow(recorded: RecordedEvent): Row | undefined {
  const event = runEventOf(recorded);
  const common = { tenant_id: recorded.tenantId };
  switch (event?.type) {
    case 'RunRequested': {
      const d = event.data;
      if (d.trigger !== 'schedule' || d.configId === null) return undefined;
      return {
        ...common,
        run_id: d.runId,
        schedule_id: d.configId,
        pipeline_id: pipelinePath(d.pipeline),
        scheduled_time: timestamp(d.scheduledTime),
        handled_at: timestamp(d.requestedAt),
        outcome: 'REQUESTED',
        outcome_reason: null,
        blocking_run_id: null,
      };
    }
    case 'RunMissed': {
      const d = event.data;
      const reason = `older than the catch-up window of ${d.catchupWindowMinutes} min when the trigger handled it`;
      return {
        ...common,
        run_id: d.runId,
        schedule_id: d.configId,
        pipeline_id: pipelinePath(d.pipeline),
        scheduled_time: timestamp(d.fireTime),
        handled_at: timestamp(d.recordedAt),
        outcome: 'MISSED',
        outcome_reason: reason,
        blocking_run_id: null,
      };
    }
    case 'RunSkipped': {
      const d = event.data;
      const reason = `run ${d.blockingRunId} was still open (overlap policy)`;
      return {
        ...common,
        run_id: d.runId,
        schedule_id: d.configId,
        pipeline_id: pipelinePath(d.pipeline),
        scheduled_time: timestamp(d.fireTime),
        handled_at: timestamp(d.recordedAt),
        outcome: 'SKIPPED',
        outcome_reason: reason,
        blocking_run_id: d.blockingRunId,
      };
    }
    default:
      return undefined;
  }
}

/** tenant_scheduled_pipeline_runs: one row per fire time the trigger handled (requested, missed, skipped). */
export const tenantScheduledPipelineRunsProjection: StreamProjection = {
  kind: 'stream',
  table: tenantScheduledPipelineRuns,
  accepts: isRunStream,
  rows: (events) =>
    foldRows<Row | undefined>(
      events.slice(0, 1),
      undefined,
      (_state, event) => fireRow(event),
      function* (row) {
        if (row) yield [String(row.run_id), row];
      },
    ),
};
