/** `last_used_at` is written at most once per key per interval, so busy keys do not turn every request into a write. */
export const LAST_USED_WRITE_INTERVAL_MS = 60_000;

/**
 * Whether this request should update the key's `last_used_at`. A timestamp ahead of `now` (another instance's
 * clock) needs no write yet; an unreadable one is repaired.
 */
export function shouldRecordUse(lastUsedAt: Date | null | undefined, now: Date): boolean {
  if (lastUsedAt === null || lastUsedAt === undefined) return true;
  const last = lastUsedAt.getTime();
  if (Number.isNaN(last)) return true;
  return now.getTime() - last >= LAST_USED_WRITE_INTERVAL_MS;
}
