import { monthDaysThrough, previousDay } from '../../domain/usage/calendar';

/** Calendar helpers on usage days (YYYY-MM-DD), pure. */
export const nextDay = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The tenant-local day of an instant is within a day of its UTC day (zones span UTC−12 to UTC+14): where
 * only the UTC time is known, these three days cover it.
 */
export function daysAround(instant: string): readonly string[] {
  const day = new Date(Date.parse(instant)).toISOString().slice(0, 10);
  return [previousDay(day), day, nextDay(day)];
}

/** `day` and the rest of its month: a start on `day` changes the month-to-date of every later day. */
export function restOfMonth(day: string): readonly string[] {
  const month = day.slice(0, 7);
  const days: string[] = [];
  for (let d = day; d.slice(0, 7) === month; d = nextDay(d)) days.push(d);
  return days;
}

export const firstOfMonth = (day: string): string => monthDaysThrough(day)[0] ?? day;

/** The runs of one day executing at once, at most: starts (+1) and finishes (−1) swept in time order, finishes first on a tie. */
export function concurrencyPeak(intervals: readonly { readonly start: number; readonly end: number | null }[]): number {
  const points = intervals.flatMap((i) =>
    i.end === null ? [[i.start, 1] as const] : [[i.start, 1] as const, [i.end, -1] as const],
  );
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  let peak = 0;
  for (const [, delta] of points) {
    running += delta;
    peak = Math.max(peak, running);
  }
  return peak;
}
