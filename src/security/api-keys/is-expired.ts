/**
 * A key with no expiry never expires; one whose expiry is the current instant has expired. An unreadable date
 * counts as expired: failing closed beats accepting a key whose lifetime is unknown.
 */
export function isExpired(expiresAt: Date | null | undefined, now: Date): boolean {
  if (expiresAt === null || expiresAt === undefined) return false;
  const expiry = expiresAt.getTime();
  if (Number.isNaN(expiry)) return true;
  return now.getTime() >= expiry;
}
