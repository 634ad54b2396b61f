import { Cron } from 'croner';

/**
 * Cron parsing and fire times come from croner (a well-kept library); this module adapts it and fixes the
 * daylight-saving semantics, as classic cron has them:
 * - a wall-clock time skipped by spring-forward fires once, right after the gap (croner's behaviour: a daily
 *   job still runs that day);
 * - a wall-clock time repeated by fall-back fires once, at its first occurrence, for a pattern with a fixed hour;
 *   a pattern whose hour field is `*` (hourly or more often) fires in the repeated hour too, so an hourly job
 *   runs every hour of a 25-hour day (croner alone would leave a two-hour gap).
 */

export function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return timezone.length > 0;
  } catch {
    return false;
  }
}

/** Undefined when the expression is valid; otherwise why not. Five fields only (minute precision, as Cloud Scheduler). */
export function cronProblem(expression: string): string | undefined {
  if (expression.trim().split(/\s+/).length !== 5)
    return 'a cron expression has five fields: minute hour day-of-month month day-of-week';
  try {
    new Cron(expression, { paused: true });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const HOUR_MS = 3_600_000;

// Formatters are costly to build and immutable: one per timezone.
const formatters = new Map<string, Intl.DateTimeFormat>();
const wallClock = (instant: Date, timezone: string): string => {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timezone, format);
  }
  return format.format(instant);
};

/** The timezone's offset from UTC at an instant, in minutes (its wall clock read as if it were UTC, minus the instant). */
function utcOffsetMinutes(instant: Date, timezone: string): number {
  const wall = wallClock(instant, timezone);
  const asUtc = Date.parse(`${wall.replace(', ', 'T')}:00Z`);
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * Fire times are a pure function of (expression, timezone, instant), and a trigger pass asks the same question
 * for every tenant on a common schedule (croner's timezone arithmetic costs ~0.5 ms a call): answers are kept,
 * the oldest dropped past this many.
 */
const MEMO_LIMIT = 10_000;
const memo = new Map<string, number | null>();

/** The first fire time strictly after `after`, in the schedule's timezone. */
export function nextFireTime(expression: string, timezone: string, after: Date): Date | undefined {
  const key = `${timezone}\u0000${after.getTime()}\u0000${expression}`;
  let next = memo.get(key);
  if (next === undefined) {
    next = computeNextFireTime(expression, timezone, after)?.getTime() ?? null;
    if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
    memo.set(key, next);
  }
  return next === null ? undefined : new Date(next);
}

function computeNextFireTime(expression: string, timezone: string, after: Date): Date | undefined {
  const cron = new Cron(expression, { paused: true, timezone });
  const next = cron.nextRun(after) ?? undefined;
  if (expression.trim().split(/\s+/)[1] !== '*') return next;
  // Only a clock going back (the UTC offset shrinking) between an hour before `after` and `next` repeats times.
  const horizon = next ?? new Date(after.getTime() + 2 * HOUR_MS);
  if (utcOffsetMinutes(new Date(after.getTime() - HOUR_MS), timezone) <= utcOffsetMinutes(horizon, timezone))
    return next;
  // The second occurrence of a repeated wall-clock time is one hour after a first occurrence croner returns:
  // look at croner's fire times from an hour before `after` for one whose echo falls between `after` and `next`.
  for (
    let fire = cron.nextRun(new Date(after.getTime() - HOUR_MS));
    fire && (!next || fire.getTime() < next.getTime());
    fire = cron.nextRun(fire)
  ) {
    const echo = new Date(fire.getTime() + HOUR_MS);
    if (
      echo.getTime() > after.getTime() &&
      (!next || echo.getTime() < next.getTime()) &&
      wallClock(echo, timezone) === wallClock(fire, timezone)
    )
      return echo;
  }
  return next;
}
