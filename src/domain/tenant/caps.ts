import type { ExistingTenant } from './state';

/**
 * How much one tenant may hold, so a tenant (or a leaked key with `pipelines:write`) cannot grow its stream,
 * the trigger's pass or the keyring without bound. Deleting or revoking one frees room.
 */
export const TENANT_CAPS = {
  schedules: 50,
  activeApiKeys: 20,
  credentials: 10,
} as const;

/** Keys that still open the API: neither revoked nor expired at `now` (an expired key only waits to be cleaned up). */
export function activeApiKeyCount(state: ExistingTenant, now: string): number {
  const at = Date.parse(now);
  const expired = (expiresAt: string | null) => expiresAt !== null && Date.parse(expiresAt) <= at;
  return Object.values(state.keys).filter((key) => !key.revokedAt && !expired(key.expiresAt)).length;
}
