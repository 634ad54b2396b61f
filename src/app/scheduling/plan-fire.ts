import type { RunCommand } from '../../domain/run/commands';
import { scheduledRunId } from '../../domain/run/ids';
import type { IndexedSchedule } from '../read-models/schedule-index';
import type { OpenRun } from '../read-models';
import type { RunRequest } from '../runs/request-run';

/** Pipeline facts the trigger needs per template (loaded once per pass). */
export interface PipelineFacts {
  readonly pipelineId: string;
  readonly maxAttempts: number;
}

/** What one fire time of a schedule becomes. Pure data: the trigger's loop carries it out. */
export type FireDecision =
  | { readonly kind: 'missed'; readonly runId: string; readonly command: RunCommand }
  | { readonly kind: 'skipped'; readonly runId: string; readonly command: RunCommand }
  | {
      readonly kind: 'requested';
      readonly runId: string;
      readonly request: RunRequest;
      /** cancel_other: the open run this request replaces. */
      readonly cancels?: { readonly runId: string; readonly reason: string };
    };

export interface FireInput {
  readonly schedule: IndexedSchedule;
  readonly fire: Date;
  readonly tick: Date;
  /** When the trigger handles it (the service clock), recorded as the request time. */
  readonly now: string;
  readonly facts: PipelineFacts;
  /** The schedule's open run, if `openRunToCheck` named one and it is still open. */
  readonly open: OpenRun | undefined;
}

const isMissed = (schedule: IndexedSchedule, fire: Date, tick: Date) =>
  tick.getTime() - fire.getTime() > schedule.catchupWindowMinutes * 60_000;

/**
 * The run whose openness decides this fire: the schedule's last requested run, unless the fire is missed, the
 * policy allows overlap, or that run is this fire's own (a repeated tick).
 */
export function openRunToCheck(
  schedule: IndexedSchedule,
  fire: Date,
  tick: Date,
  lastRequestedRunId: string | undefined,
): string | undefined {
  if (isMissed(schedule, fire, tick) || schedule.overlapPolicy === 'allow') return undefined;
  const runId = scheduledRunId(schedule.tenantId, schedule.configId, fire);
  return lastRequestedRunId === runId ? undefined : lastRequestedRunId;
}

/**
 * One fire time: missed when older than the catch-up window; skipped when the overlap policy says the open run
 * blocks it (`skip`: any open run; `buffer_one`: an open run not yet running); otherwise requested (`cancel_other`
 * cancelling the open run first).
 */
export function planFire({ schedule, fire, tick, now, facts, open }: FireInput): FireDecision {
  const runId = scheduledRunId(schedule.tenantId, schedule.configId, fire);
  const pipeline = { provider: schedule.provider, domain: schedule.domain, template: schedule.template };
  const origin = { runId, tenantId: schedule.tenantId, configId: schedule.configId, pipeline };
  const fireTime = fire.toISOString();
  if (isMissed(schedule, fire, tick)) {
    const data = { ...origin, fireTime, catchupWindowMinutes: schedule.catchupWindowMinutes, recordedAt: now };
    return { kind: 'missed', runId, command: { type: 'RecordMissed', data } };
  }
  const blocking =
    schedule.overlapPolicy === 'skip' || (schedule.overlapPolicy === 'buffer_one' && open?.status !== 'running')
      ? open
      : undefined;
  if (blocking) {
    const data = { ...origin, fireTime, blockingRunId: blocking.runId, recordedAt: now };
    return { kind: 'skipped', runId, command: { type: 'RecordSkipped', data } };
  }
  const request: RunRequest = {
    ...origin,
    pipelineId: facts.pipelineId,
    trigger: 'schedule',
    scheduledTime: fireTime,
    date: null,
    parameters: schedule.parameters,
    priority: schedule.priority,
    overlapPolicy: schedule.overlapPolicy,
    maxAttempts: facts.maxAttempts,
    requestedAt: now,
  };
  const cancels =
    schedule.overlapPolicy === 'cancel_other' && open
      ? { runId: open.runId, reason: `replaced by ${runId} (overlap policy cancel_other)` }
      : undefined;
  return { kind: 'requested', runId, request, ...(cancels ? { cancels } : {}) };
}
