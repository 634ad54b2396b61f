import { loadTenant } from '../handle-tenant-command';
import { DomainRefusal } from '../domain-refusal';
import type { ServiceContext } from '../service-context';
import { describeSchedule } from './describe-schedule';
import { ownEntry } from '../../domain/own-entry';

export async function listSchedules(ctx: ServiceContext, tenantId: string) {
  const { state } = await loadTenant(ctx.store, tenantId);
  if (!state.exists) throw new DomainRefusal({ code: 'TENANT_NOT_FOUND', message: `Tenant ${tenantId} not found` });
  const now = ctx.now();
  const active = state.status === 'ACTIVE';
  return {
    tenant_id: tenantId,
    pipelines: Object.values(state.schedules).map((s) =>
      describeSchedule(tenantId, { ...s, active: s.active && active }, now),
    ),
  };
}

export async function getSchedule(ctx: ServiceContext, tenantId: string, configId: string) {
  const { state } = await loadTenant(ctx.store, tenantId);
  if (!state.exists) throw new DomainRefusal({ code: 'TENANT_NOT_FOUND', message: `Tenant ${tenantId} not found` });
  const schedule = ownEntry(state.schedules, configId);
  if (!schedule) throw new DomainRefusal({ code: 'SCHEDULE_NOT_FOUND', message: `Schedule ${configId} not found` });
  return describeSchedule(tenantId, { ...schedule, active: schedule.active && state.status === 'ACTIVE' }, ctx.now());
}
