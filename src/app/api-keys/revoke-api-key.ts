import { handleTenantCommand } from '../handle-tenant-command';
import type { Actor, ServiceContext } from '../service-context';
import { ownEntry } from '../../domain/own-entry';

/** Revoking twice is harmless; the key stops authenticating at once (its index entry changes in the same commit). */
export async function revokeApiKey(ctx: ServiceContext, tenantId: string, keyId: string, reason: string, actor: Actor) {
  const now = ctx.now().toISOString();
  const result = await handleTenantCommand(
    ctx,
    tenantId,
    () => ({ type: 'RevokeApiKey', data: { keyId, reason, now } }),
    actor,
  );
  const key = result.state.exists ? ownEntry(result.state.keys, keyId) : undefined;
  return { key_id: keyId, status: 'REVOKED', revoked_at: key?.revokedAt ?? now };
}
