import type { RecordedEvent } from '../../eventstore';
import { evolveTenant, initialTenantState, visibleStatus, type TenantState } from '../../domain/tenant/state';
import type { Row } from '../../warehouse/warehouse';
import { tenantProfiles } from '../../warehouse/tables/central/tenant-profiles';
import type { StreamProjection } from '../projection';
import { isTenantStream, nullableTimestamp, tenantEventOf, timestamp } from './domain-events';
import { foldRows } from './fold-rows';

interface ProfileState {
  readonly tenant: TenantState;
  readonly suspendedAt: string | null;
  readonly offboardedAt: string | null;
}

function evolve(state: ProfileState, recorded: RecordedEvent): ProfileState {
  const event = tenantEventOf(recorded);
  if (!event) return state;
  const tenant = evolveTenant(state.tenant, event);
  switch (event.type) {
    case 'TenantSuspended':
      return { ...state, tenant, suspendedAt: event.data.suspendedAt };
    case 'TenantReactivated':
      return { ...state, tenant, suspendedAt: null };
    case 'TenantOffboarded':
      return { ...state, tenant, offboardedAt: event.data.offboardedAt };
    default:
      return { ...state, tenant };
  }
}

function* view(state: ProfileState): Iterable<readonly [string, Row]> {
  const tenant = state.tenant;
  if (!tenant.exists) return;
  const status = visibleStatus(tenant);
  yield [
    tenant.profile.tenantId,
    {
      tenant_id: tenant.profile.tenantId,
      company_name: tenant.profile.companyName,
      contact_email: tenant.profile.contactEmail,
      status: status === 'DELETED' ? 'OFFBOARDED' : status,
      plan: tenant.plan,
      dataset_id: tenant.profile.tenantId,
      billing_account_ids: [...tenant.profile.billingAccountIds],
      timezone: tenant.profile.timezone,
      created_at: timestamp(tenant.profile.onboardedAt),
      suspended_at: nullableTimestamp(state.suspendedAt),
      offboarded_at: nullableTimestamp(state.offboardedAt),
    },
  ];
}

/** tenant_profiles: one row per tenant stream, the profile, status and plan as of its last event. */
export const tenantProfilesProjection: StreamProjection = {
  kind: 'stream',
  table: tenantProfiles,
  accepts: isTenantStream,
  rows: (events) =>
    foldRows(events, { tenant: initialTenantState, suspendedAt: null, offboardedAt: null }, evolve, view),
};
