import { dayInTimezone } from '../../domain/usage/calendar';
import { visibleStatus } from '../../domain/tenant/state';
import { loadTenant } from '../handle-tenant-command';
import { DomainRefusal } from '../domain-refusal';
import { readUsage } from '../read-models';
import type { ServiceContext } from '../service-context';
import { describeKey } from '../api-keys/describe-key';

/** A tenant as its operators and its own keys see it: no secret, ever. */
export async function getTenant(ctx: ServiceContext, tenantId: string) {
  const { state, head } = await loadTenant(ctx.store, tenantId);
  if (!state.exists) throw new DomainRefusal({ code: 'TENANT_NOT_FOUND', message: `Tenant ${tenantId} not found` });
  const { day, month } = dayInTimezone(ctx.now(), state.profile.timezone);
  const { today, thisMonth } = await readUsage(ctx.db, tenantId, day, month);
  return {
    tenant_id: tenantId,
    company_name: state.profile.companyName,
    contact_email: state.profile.contactEmail,
    timezone: state.profile.timezone,
    billing_account_ids: state.profile.billingAccountIds,
    status: visibleStatus(state),
    provisioning_error: state.provisioningError,
    subscription_plan: state.plan,
    limits: {
      daily_runs: state.limits.dailyRuns,
      monthly_runs: state.limits.monthlyRuns,
      concurrent_runs: state.limits.concurrentRuns,
    },
    usage: {
      date: day,
      runs_today: today.runs,
      succeeded_today: today.succeeded,
      failed_today: today.failed,
      runs_this_month: thisMonth.runs,
      daily_remaining: Math.max(0, state.limits.dailyRuns - today.runs),
      monthly_remaining: Math.max(0, state.limits.monthlyRuns - thisMonth.runs),
    },
    api_keys: Object.values(state.keys).map(describeKey),
    credentials: Object.keys(state.credentials).length,
    schedules: Object.keys(state.schedules).length,
    onboarded_at: state.profile.onboardedAt,
    revision: head.revision,
  };
}
