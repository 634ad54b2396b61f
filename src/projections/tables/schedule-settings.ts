import type { ScheduleSpec } from '../../domain/schedule/schedule-spec';
import type { TenantEvent } from '../../domain/tenant/events';
import { evolveTenant, initialTenantState, type TenantState } from '../../domain/tenant/state';

/** The tenant events a schedule's row depends on: its own, and the lifecycle that decides whether it fires. */
export const SCHEDULE_EVENT_TYPES = ['ScheduleCreated', 'ScheduleUpdated', 'ScheduleDeleted'] as const;
export const LIFECYCLE_EVENT_TYPES = [
  'TenantOnboarded',
  'TenantProvisioned',
  'TenantProvisioningFailed',
  'TenantSuspended',
  'TenantReactivated',
  'TenantOffboarded',
] as const;

/** Where an event sits in the log, to name the latest one a row folds in. */
export interface EventMark {
  readonly revision: number;
  readonly streamId: string;
  readonly eventId: string;
  readonly recordedAt: string;
}

export interface ScheduleSettings {
  readonly spec: ScheduleSpec;
  readonly createdAt: string;
  readonly deletedAt: string | null;
  /** Data time of the last event about the schedule: the trigger's index computes the next fire time from it. */
  readonly changedAt: string;
  readonly last: EventMark;
}

export interface TenantSchedules {
  readonly tenant: TenantState;
  readonly schedules: ReadonlyMap<string, ScheduleSettings>;
}

const timeOf = (event: TenantEvent): string | undefined => {
  switch (event.type) {
    case 'TenantProvisioned':
      return event.data.provisionedAt;
    case 'TenantProvisioningFailed':
      return event.data.failedAt;
    case 'TenantSuspended':
      return event.data.suspendedAt;
    case 'TenantReactivated':
      return event.data.reactivatedAt;
    case 'TenantOffboarded':
      return event.data.offboardedAt;
    default:
      return undefined;
  }
};

/** Lifecycle events that change whether a tenant's schedules fire, and so their next fire time. */
export const isLifecycleChange = (event: TenantEvent): boolean =>
  event.type !== 'TenantOnboarded' && timeOf(event) !== undefined;

export const initialTenantSchedules: TenantSchedules = { tenant: initialTenantState, schedules: new Map() };

/**
 * Folds a tenant's schedule and lifecycle events (in revision order). A lifecycle change counts as a change of
 * every schedule the tenant has at that moment — the same schedules `touches` names for it. A deleted schedule
 * keeps its last settings, marked deleted; created again, it starts afresh but keeps its first creation time.
 */
export function evolveSchedules(state: TenantSchedules, event: TenantEvent, mark: EventMark): TenantSchedules {
  const tenant = evolveTenant(state.tenant, event);
  const schedules = new Map(state.schedules);
  switch (event.type) {
    case 'ScheduleCreated': {
      const { schedule, createdAt } = event.data;
      const before = schedules.get(schedule.configId);
      schedules.set(schedule.configId, {
        spec: schedule,
        createdAt: before?.createdAt ?? createdAt,
        deletedAt: null,
        changedAt: createdAt,
        last: mark,
      });
      break;
    }
    case 'ScheduleUpdated': {
      const before = schedules.get(event.data.schedule.configId);
      if (before)
        schedules.set(event.data.schedule.configId, {
          ...before,
          spec: event.data.schedule,
          changedAt: event.data.updatedAt,
          last: mark,
        });
      break;
    }
    case 'ScheduleDeleted': {
      const before = schedules.get(event.data.configId);
      if (before && before.deletedAt === null)
        schedules.set(event.data.configId, {
          ...before,
          deletedAt: event.data.deletedAt,
          changedAt: event.data.deletedAt,
          last: mark,
        });
      break;
    }
    default: {
      const at = timeOf(event);
      if (at === undefined || !isLifecycleChange(event)) break;
      for (const configId of presentSchedules(tenant)) {
        const before = schedules.get(configId);
        if (before) schedules.set(configId, { ...before, changedAt: at, last: mark });
      }
    }
  }
  return { tenant, schedules };
}

/** The schedules a tenant has (not deleted), as the domain state holds them. */
export function presentSchedules(tenant: TenantState): readonly string[] {
  return tenant.exists ? Object.keys(tenant.schedules) : [];
}

/** Whether the schedule fires at all: its own flag, not deleted, and its tenant active and provisioned. */
export function canFire(state: TenantSchedules, settings: ScheduleSettings): boolean {
  const tenant = state.tenant;
  return (
    settings.deletedAt === null &&
    settings.spec.active &&
    tenant.exists &&
    tenant.status === 'ACTIVE' &&
    tenant.provisioning === 'COMPLETE'
  );
}
