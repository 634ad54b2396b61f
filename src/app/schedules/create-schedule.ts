import { handleTenantCommand, loadTenant } from '../handle-tenant-command';
import { DomainRefusal } from '../domain-refusal';
import type { Actor, ServiceContext } from '../service-context';
import { describeSchedule } from './describe-schedule';
import { toScheduleSpec, type ScheduleInput } from './schedule-input';

export async function createSchedule(ctx: ServiceContext, tenantId: string, input: ScheduleInput, actor: Actor) {
  const { state } = await loadTenant(ctx.store, tenantId);
  if (!state.exists) throw new DomainRefusal({ code: 'TENANT_NOT_FOUND', message: `Tenant ${tenantId} not found` });
  const configId = input.config_id ?? `${input.provider}_${input.domain}_${input.template}`.replace(/-/g, '_').slice(0, 63);
  const schedule = await toScheduleSpec(ctx, input, configId, state.profile);
  const now = ctx.now();
  await handleTenantCommand(ctx, tenantId, () => ({ type: 'CreateSchedule', data: { schedule, now: now.toISOString() } }), actor);
  return describeSchedule(tenantId, schedule, now);
}
