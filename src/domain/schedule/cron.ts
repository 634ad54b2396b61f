import { Cron } from 'croner';

/** Cron parsing and fire times come from croner (a well-kept library); this module only adapts it. */

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
  if (expression.trim().split(/\s+/).length !== 5) return 'a cron expression has five fields: minute hour day-of-month month day-of-week';
  try {
    new Cron(expression, { paused: true });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The first fire time strictly after `after`, in the schedule's timezone. */
export function nextFireTime(expression: string, timezone: string, after: Date): Date | undefined {
  return new Cron(expression, { paused: true, timezone }).nextRun(after) ?? undefined;
}
