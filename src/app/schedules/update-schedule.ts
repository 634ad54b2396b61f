import { handleTenantCommand, loadTenant } from '../handle-tenant-command';
import { DomainRefusal } from '../domain-refusal';
import type { Actor, ServiceContext } from '../service-context';
import type { ScheduleSpec } from '../../domain/schedule/schedule-spec';
import { describeSchedule } from './describe-schedule';
import type { ParameterSetter } from './parameter-ownership';
import { loadSchedulePipeline, toScheduleSpec, type ScheduleInput } from './schedule-input';

/**
 * A full replacement of the schedule's settings; the config id is the path's. A tenant's replacement keeps
 * the operator's parameter values of the schedule it replaces, read from the state the command is decided on.
 */
export async function updateSchedule(
  ctx: ServiceContext,
  tenantId: string,
  configId: string,
  input: ScheduleInput,
  setBy: ParameterSetter,
  actor: Actor,
) {
  const { state } = await loadTenant(ctx.store, tenantId);
  if (!state.exists) throw new DomainRefusal({ code: 'TENANT_NOT_FOUND', message: `Tenant ${tenantId} not found` });
  if (input.config_id !== undefined && input.config_id !== configId) {
    throw new DomainRefusal({
      code: 'INVALID_COMMAND',
      message: `config_id ${input.config_id} in the body differs from ${configId} in the path`,
    });
  }
  const pipeline = await loadSchedulePipeline(ctx, input);
  const now = ctx.now();
  let schedule: ScheduleSpec | undefined;
  await handleTenantCommand(
    ctx,
    tenantId,
    (current) => {
      // The decider's own refusals, in its order: the replaced schedule must exist before its values are read.
      if (!current.exists)
        throw new DomainRefusal({ code: 'TENANT_NOT_FOUND', message: `Tenant ${tenantId} not found` });
      if (current.status === 'DELETED') {
        throw new DomainRefusal({ code: 'TENANT_DELETED', message: `Tenant ${tenantId} was offboarded` });
      }
      const replaced = current.schedules[configId];
      if (!replaced) throw new DomainRefusal({ code: 'SCHEDULE_NOT_FOUND', message: `Schedule ${configId} not found` });
      schedule = toScheduleSpec(pipeline, input, configId, current.profile, { setBy, replacing: replaced.parameters });
      return { type: 'UpdateSchedule', data: { schedule, now: now.toISOString() } };
    },
    actor,
  );
  if (!schedule) throw new Error('unreachable: the update decided a schedule');
  return describeSchedule(tenantId, schedule, now);
}
