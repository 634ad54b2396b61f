import type { RunEvent } from '../../domain/run/events';
import type { RunState } from '../../domain/run/state';
import type { InlineWrite } from '../../eventstore';
import { runPath } from './run-paths';

/** The `runs/{runId}` document after `events`. Pure. */
export function runInlineWrites(
  after: RunState,
  events: readonly RunEvent[],
  revision: number,
  now: Date,
): InlineWrite[] {
  if (!after.exists) return [];
  const first = events[0];
  const origin =
    after.request ?? (first && (first.type === 'RunMissed' || first.type === 'RunSkipped') ? first.data : undefined);
  const last = [...events].reverse();
  const finished = last.find(
    (e) =>
      e.type === 'RunSucceeded' ||
      e.type === 'RunFailed' ||
      e.type === 'RunTimedOut' ||
      e.type === 'RunCancelled' ||
      e.type === 'RunRejected',
  );
  const queued = last.find((e) => e.type === 'RunQueued' || e.type === 'RunDeferred' || e.type === 'RunAttemptFailed');
  const notBefore =
    queued?.type === 'RunQueued'
      ? queued.data.notBefore
      : queued?.type === 'RunDeferred'
        ? queued.data.retryAt
        : queued?.type === 'RunAttemptFailed'
          ? queued.data.retryAt
          : undefined;
  const data: Record<string, unknown> = {
    runId: after.runId,
    tenantId: after.tenantId,
    status: after.status,
    attempt: after.attempt,
    generation: after.generation,
    deferrals: after.deferrals,
    steps: after.steps,
    error: after.error,
    revision,
    updatedAt: now.toISOString(),
    ...(after.startedAt ? { startedAt: after.startedAt } : {}),
    ...(finished ? { finishedAt: now.toISOString() } : {}),
    ...(notBefore !== undefined ? { notBefore } : {}),
    ...(queued?.type === 'RunQueued' ? { taskName: queued.data.taskName, queuedAt: queued.data.queuedAt } : {}),
  };
  if (origin && events.some((e) => e.type === 'RunRequested' || e.type === 'RunMissed' || e.type === 'RunSkipped')) {
    const request = after.request;
    Object.assign(data, {
      configId: 'configId' in origin ? origin.configId : null,
      pipeline: origin.pipeline,
      // Manual runs are matched by pipeline for their overlap check.
      pipelineKey: `${origin.pipeline.provider}/${origin.pipeline.domain}/${origin.pipeline.template}`,
      pipelineId: request?.pipelineId ?? origin.pipeline.template,
      trigger: request?.trigger ?? 'schedule',
      scheduledTime: request?.scheduledTime ?? ('fireTime' in origin ? origin.fireTime : null),
      priority: request?.priority ?? null,
      overlapPolicy: request?.overlapPolicy ?? null,
      requestedAt: request?.requestedAt ?? now.toISOString(),
    });
    return [{ op: 'create', path: runPath(after.runId), data }];
  }
  return [{ op: 'set', path: runPath(after.runId), data, merge: true }];
}
