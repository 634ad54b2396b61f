import { visibleStatus, type TenantState } from '../../domain/tenant/state';
import type { PlanName } from '../../domain/plans';
import { dataKeyTombstoneWrite } from '../../security';
import { handleTenantCommand, type TenantCommandResult } from '../handle-tenant-command';
import type { Actor, ServiceContext } from '../service-context';

/** The lifecycle commands an operator gives a tenant; each is idempotent (repeating it records nothing). */

const summary = (tenantId: string, result: TenantCommandResult) => {
  const state = result.state as Extract<TenantState, { exists: true }>;
  return {
    tenant_id: tenantId,
    status: visibleStatus(state),
    subscription_plan: state.plan,
    limits: {
      daily_runs: state.limits.dailyRuns,
      monthly_runs: state.limits.monthlyRuns,
      concurrent_runs: state.limits.concurrentRuns,
    },
    changed: result.events.length > 0,
  };
};

export async function changePlan(ctx: ServiceContext, tenantId: string, plan: PlanName, actor: Actor) {
  const now = ctx.now().toISOString();
  return summary(
    tenantId,
    await handleTenantCommand(ctx, tenantId, () => ({ type: 'ChangePlan', data: { plan, now } }), actor),
  );
}

export async function suspendTenant(ctx: ServiceContext, tenantId: string, reason: string, actor: Actor) {
  const now = ctx.now().toISOString();
  return summary(
    tenantId,
    await handleTenantCommand(ctx, tenantId, () => ({ type: 'SuspendTenant', data: { reason, now } }), actor),
  );
}

export async function reactivateTenant(ctx: ServiceContext, tenantId: string, actor: Actor) {
  const now = ctx.now().toISOString();
  return summary(
    tenantId,
    await handleTenantCommand(ctx, tenantId, () => ({ type: 'ReactivateTenant', data: { now } }), actor),
  );
}

/**
 * Keys revoked, schedules off, tenant DELETED, and its credential data key shredded — the keyring tombstone
 * is written in the same commit as CredentialDataKeyDestroyed, so neither can happen without the other.
 * The event log and the warehouse dataset stay (audit); the stored credentials become unreadable.
 */
export async function offboardTenant(ctx: ServiceContext, tenantId: string, reason: string, actor: Actor) {
  const now = ctx.now();
  const result = await handleTenantCommand(
    ctx,
    tenantId,
    () => ({ type: 'OffboardTenant', data: { reason, now: now.toISOString() } }),
    actor,
    (events) =>
      events.some((e) => e.type === 'CredentialDataKeyDestroyed') ? [dataKeyTombstoneWrite(tenantId, now)] : [],
  );
  return { ...summary(tenantId, result), data_key_destroyed: true };
}
