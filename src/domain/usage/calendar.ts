/**
 * Tenant-local days (YYYY-MM-DD strings): which day an instant falls on in a timezone, and calendar arithmetic on
 * days, which is independent of any timezone. Pure.
 */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A string that is not a real calendar day (a programming error: callers pass days they computed). */
export class InvalidCalendarDay extends Error {
  readonly code = 'INVALID_CALENDAR_DAY';
  constructor(day: string) {
    super(`Not a calendar day: ${JSON.stringify(day.slice(0, 40))}`);
    this.name = 'InvalidCalendarDay';
  }
}

export function isCalendarDay(day: string): boolean {
  const match = DAY.exec(day);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === day;
}

/** The calendar day before `day`. */
export function previousDay(day: string): string {
  if (!isCalendarDay(day)) throw new InvalidCalendarDay(day);
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** The days of `day`'s month from its first day through `day`, in order. */
export function monthDaysThrough(day: string): string[] {
  if (!isCalendarDay(day)) throw new InvalidCalendarDay(day);
  const last = Number(day.slice(8, 10));
  return Array.from({ length: last }, (_, i) => `${day.slice(0, 8)}${String(i + 1).padStart(2, '0')}`);
}

/** The calendar day and month of `now` in a timezone (usage is counted in the tenant's day). */
export function dayInTimezone(now: Date, timezone: string): { day: string; month: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { day: `${get('year')}-${get('month')}-${get('day')}`, month: `${get('year')}-${get('month')}` };
}
