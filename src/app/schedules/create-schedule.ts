import { handleTenantCommand, loadTenant } from '../handle-tenant-command';
import { DomainRefusal } from '../domain-refusal';
import type { Actor, ServiceContext } from '../service-context';
import type { ScheduleSpec } from '../../domain/schedule/schedule-spec';
import { describeSchedule } from './describe-schedule';
import type { ParameterSetter } from './parameter-ownership';
import { loadSchedulePipeline, toScheduleSpec, type ScheduleInput } from './schedule-input';

/** `setBy` is who submits it: a tenant key may set only the pipeline's tenant-settable parameters. */
export async function createSchedule(
  ctx: ServiceContext,
  tenantId: string,
  input: ScheduleInput,
  setBy: ParameterSetter,
  actor: Actor,
) {
  const { state } = await loadTenant(ctx.store, tenantId);
  if (!state.exists) throw new DomainRefusal({ code: 'TENANT_NOT_FOUND', message: `Tenant ${tenantId} not found` });
  const configId =
    input.config_id ?? `${input.provider}_${input.domain}_${input.template}`.replace(/-/g, '_').slice(0, 63);
  const pipeline = await loadSchedulePipeline(ctx, input);
  const schedule: ScheduleSpec = toScheduleSpec(pipeline, input, configId, state.profile, { setBy });
  const now = ctx.now();
  await handleTenantCommand(
    ctx,
    tenantId,
    () => ({ type: 'CreateSchedule', data: { schedule, now: now.toISOString() } }),
    actor,
  );
  return describeSchedule(tenantId, schedule, now);
}
