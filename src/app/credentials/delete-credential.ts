import { handleTenantCommand } from '../handle-tenant-command';
import type { Actor, ServiceContext } from '../service-context';

export async function deleteCredential(ctx: ServiceContext, tenantId: string, credentialId: string, actor: Actor) {
  const now = ctx.now().toISOString();
  await handleTenantCommand(ctx, tenantId, () => ({ type: 'DeleteCredential', data: { credentialId, now } }), actor);
  return { credential_id: credentialId, deleted: true, deleted_at: now };
}
