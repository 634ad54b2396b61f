import { constantTimeEqual } from '../constant-time-equal';

/**
 * Checks the `X-Admin-Key` header against the configured admin key in constant time. Fails closed: a missing
 * header, or an empty configured key (a misconfiguration), never matches.
 */
export function verifyAdminKey(presented: string | undefined, configured: string): boolean {
  if (configured.length === 0) return false;
  if (typeof presented !== 'string' || presented.length === 0) return false;
  return constantTimeEqual(presented, configured);
}
