import { handleTenantCommand } from '../handle-tenant-command';
import type { Actor, ServiceContext } from '../service-context';

export async function deleteSchedule(ctx: ServiceContext, tenantId: string, configId: string, actor: Actor) {
  const now = ctx.now().toISOString();
  await handleTenantCommand(ctx, tenantId, () => ({ type: 'DeleteSchedule', data: { configId, now } }), actor);
  return { config_id: configId, deleted: true, deleted_at: now };
}
