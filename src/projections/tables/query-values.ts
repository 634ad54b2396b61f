import type { EventMark } from './schedule-settings';

/** Values of query rows as the warehouse reads them back (INT64 may come as a digit string; TIMESTAMP as ISO text). */
export function number(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new Error(`expected a number from the warehouse, got ${typeof value}`);
  return n;
}

export function text(value: unknown): string {
  if (typeof value !== 'string')
    throw new Error(`expected a string from the warehouse, got ${value === null ? 'null' : typeof value}`);
  return value;
}

/** The later of two events by commit time, then stream and event id: a total order, so the choice is deterministic. */
export function laterMark(a: EventMark, b: EventMark | undefined): EventMark {
  if (!b) return a;
  const ta = Date.parse(a.recordedAt);
  const tb = Date.parse(b.recordedAt);
  if (ta !== tb) return tb > ta ? b : a;
  if (a.streamId !== b.streamId) return b.streamId > a.streamId ? b : a;
  return b.eventId > a.eventId ? b : a;
}
