/**
 * The instants an input may name. Beyond them dates stop round-tripping (`+275760-09-13` plus a day is an
 * Invalid Date), Firestore timestamps end at year 9999 and BigQuery DATEs at 9999-12-31; no tenant data is
 * older than the Unix epoch or centuries ahead.
 */
export const EARLIEST_ACCEPTED_MS = Date.UTC(1970, 0, 1);
export const LATEST_ACCEPTED_MS = Date.UTC(2200, 0, 1);
export const ACCEPTED_RANGE_TEXT = '1970-01-01T00:00:00Z to 2199-12-31T23:59:59Z';

export function isAcceptedInstant(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_ACCEPTED_MS && ms < LATEST_ACCEPTED_MS;
}

/** A `YYYY-MM-DD` that exists on the calendar (no 2026-02-30 rolled into March) and lies in the accepted range. */
export function isAcceptedCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return isAcceptedInstant(ms) && new Date(ms).toISOString().slice(0, 10) === text;
}
