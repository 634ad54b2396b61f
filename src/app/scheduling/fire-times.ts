import { nextFireTime } from '../../domain/schedule/cron';
import { ACCEPTED_RANGE_TEXT, isAcceptedInstant } from '../../domain/accepted-instants';

/** At most this many fire times are enumerated per schedule and pass (a schedule idle for years stays cheap). */
export const MAX_FIRES_PER_PASS = 500;

/**
 * The fire times from `first` up to and including `tick`, in the schedule's timezone (DST semantics in
 * src/domain/schedule/cron.ts), and the first fire time after the tick.
 */
export function dueFireTimes(
  cron: string,
  timezone: string,
  first: Date,
  tick: Date,
): { due: Date[]; next: Date | undefined } {
  const due: Date[] = [];
  let fire: Date | undefined = first;
  while (fire && fire.getTime() <= tick.getTime() && due.length < MAX_FIRES_PER_PASS) {
    due.push(fire);
    fire = nextFireTime(cron, timezone, fire);
  }
  if (fire && fire.getTime() <= tick.getTime()) fire = nextFireTime(cron, timezone, tick);
  return { due, next: fire };
}

/** Cloud Scheduler's `X-CloudScheduler-ScheduleTime` (constant across its retries), else now floored to the minute. */
export function tickOf(header: string | undefined, now: Date): Date {
  if (header) {
    const parsed = Date.parse(header);
    if (!Number.isNaN(parsed)) {
      // A tick out of range would fail deep inside (an Invalid Date a day later, a year-275760 BigQuery DATE).
      if (!isAcceptedInstant(parsed)) throw new InvalidScheduleTime();
      return new Date(parsed);
    }
  }
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000);
}

/** The schedule time given is a time outside the accepted range. */
export class InvalidScheduleTime extends Error {
  readonly code = 'INVALID_SCHEDULE_TIME';
  constructor() {
    super(`The schedule time is not an RFC 3339 time in ${ACCEPTED_RANGE_TEXT}`);
    this.name = 'InvalidScheduleTime';
  }
}
