import type { Query } from '@google-cloud/firestore';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type { RunStatus } from '../../domain/run/state';
import { SCHEDULE_INDEX } from '../read-models';
import { RUNS } from '../runs/run-paths';
import { firestoreScheduleIndex } from '../read-models/schedule-index';
import type { ServiceContext } from '../service-context';

export interface SchedulerStatus {
  readonly now: string;
  readonly schedules: { readonly active: number; readonly due_now: number; readonly next_trigger_time: string | null };
  readonly runs: {
    readonly requested: number;
    readonly queued: number;
    readonly deferred: number;
    readonly running: number;
  };
  readonly today: {
    /** The UTC calendar day. */
    readonly date: string;
    readonly succeeded: number;
    /** Failed and timed-out runs. */
    readonly failed: number;
    readonly timed_out: number;
    /** Mean of finishedAt − startedAt over at most the last `average_of` succeeded runs (null when none). */
    readonly average_duration_ms: number | null;
    readonly average_of: number;
  };
}

const DURATION_SAMPLE = 1_000;
const RunTimes = t.type({ startedAt: t.string, finishedAt: t.string });
const count = async (query: Query) => (await query.count().get()).data().count;

/**
 * An operator's view of the scheduler, from the inline read models: aggregation counts (no document reads
 * for them) and one bounded read for the average duration. Needs the composite indexes (status, finishedAt)
 * on `runs` and (active, nextRunAt) on `schedule_index`.
 */
export async function schedulerStatus(ctx: Pick<ServiceContext, 'db' | 'now'>): Promise<SchedulerStatus> {
  const now = ctx.now();
  const date = now.toISOString().slice(0, 10);
  const dayStart = `${date}T00:00:00.000Z`;
  const dayEnd = new Date(Date.parse(dayStart) + 86_400_000).toISOString();
  const active = ctx.db.collection(SCHEDULE_INDEX).where('active', '==', true);
  const runs = (status: RunStatus) => ctx.db.collection(RUNS).where('status', '==', status);
  const finishedToday = (status: RunStatus) =>
    runs(status).where('finishedAt', '>=', dayStart).where('finishedAt', '<', dayEnd);

  const [activeCount, dueNow, next, requested, queued, deferred, running, succeeded, failed, timedOut, recent] =
    await Promise.all([
      count(active),
      count(active.where('nextRunAt', '<=', now.toISOString())),
      firestoreScheduleIndex(ctx.db).nextFireTime(),
      count(runs('requested')),
      count(runs('queued')),
      count(runs('deferred')),
      count(runs('running')),
      count(finishedToday('succeeded')),
      count(finishedToday('failed')),
      count(finishedToday('timed_out')),
      finishedToday('succeeded')
        .orderBy('finishedAt', 'desc')
        .select('startedAt', 'finishedAt')
        .limit(DURATION_SAMPLE)
        .get(),
    ]);
  // A statistic, not a listing: a document that does not decode is left out of the mean rather than failing it.
  const durations = recent.docs.flatMap((doc) => {
    const times = RunTimes.decode(doc.data());
    const ms = E.isRight(times) ? Date.parse(times.right.finishedAt) - Date.parse(times.right.startedAt) : NaN;
    return Number.isFinite(ms) && ms >= 0 ? [ms] : [];
  });
  return {
    now: now.toISOString(),
    schedules: {
      active: activeCount,
      due_now: dueNow,
      next_trigger_time: next,
    },
    runs: { requested, queued, deferred, running },
    today: {
      date,
      succeeded,
      failed: failed + timedOut,
      timed_out: timedOut,
      average_duration_ms:
        durations.length > 0 ? Math.round(durations.reduce((a, b) => a + b, 0) / durations.length) : null,
      average_of: durations.length,
    },
  };
}
