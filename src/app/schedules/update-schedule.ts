import { handleTenantCommand, loadTenant } from '../handle-tenant-command';
import { DomainRefusal } from '../domain-refusal';
import type { Actor, ServiceContext } from '../service-context';
import { describeSchedule } from './describe-schedule';
import { toScheduleSpec, type ScheduleInput } from './schedule-input';

/** A full replacement of the schedule's settings; the config id is the path's. */
export async function updateSchedule(ctx: ServiceContext, tenantId: string, configId: string, input: ScheduleInput, actor: Actor) {
  const { state } = await loadTenant(ctx.store, tenantId);
  if (!state.exists) throw new DomainRefusal({ code: 'TENANT_NOT_FOUND', message: `Tenant ${tenantId} not found` });
  if (input.config_id !== undefined && input.config_id !== configId) {
    throw new DomainRefusal({ code: 'INVALID_COMMAND', message: `config_id ${input.config_id} in the body differs from ${configId} in the path` });
  }
  const schedule = await toScheduleSpec(ctx, input, configId, state.profile);
  const now = ctx.now();
  await handleTenantCommand(ctx, tenantId, () => ({ type: 'UpdateSchedule', data: { schedule, now: now.toISOString() } }), actor);
  return describeSchedule(tenantId, schedule, now);
}
