import { PLAN_LIMITS } from '../../src/domain/plans';
import type { ScheduleSpec } from '../../src/domain/schedule/schedule-spec';
import type { TenantCommand } from '../../src/domain/tenant/commands';
import { decideTenant } from '../../src/domain/tenant/decide';
import { event, type TenantEvent } from '../../src/domain/tenant/events';
import { evolveTenant, initialTenantState, type TenantState } from '../../src/domain/tenant/state';
import { deciderSpec } from './support/decider-spec';

/** Names every plain object answers through its prototype: none is an id the tenant holds. */
const PROTOTYPE_IDS = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

const spec = deciderSpec<TenantCommand, TenantEvent, TenantState>({
  decide: decideTenant,
  evolve: evolveTenant,
  initialState: initialTenantState,
});
const now = '2026-11-26T10:00:00.000Z';
const onboarded = event('TenantOnboarded', {
  tenantId: 'acme_corp',
  companyName: 'Acme',
  contactEmail: 'ops@acme.test',
  plan: 'STARTER',
  limits: PLAN_LIMITS.STARTER,
  timezone: 'UTC',
  billingAccountIds: ['012345-6789AB-CDEF01'],
  onboardedAt: now,
});
const scheduleWithId = (configId: string): ScheduleSpec => ({
  configId,
  provider: 'gcp',
  domain: 'cost',
  template: 'cost_billing',
  cron: '0 * * * *',
  timezone: 'UTC',
  priority: 5,
  catchupWindowMinutes: 120,
  overlapPolicy: 'skip',
  parameters: {},
  active: true,
});

describe('Tenant decider with ids named like Object.prototype members', () => {
  it.each(PROTOTYPE_IDS)('%s is not found as an API key, credential or schedule of a tenant that has none', (id) => {
    const empty = spec.given([onboarded]);
    empty.when({ type: 'RevokeApiKey', data: { keyId: id, reason: 'r', now } }).thenFails('API_KEY_NOT_FOUND');
    empty.when({ type: 'DeleteCredential', data: { credentialId: id, now } }).thenFails('CREDENTIAL_NOT_FOUND');
    empty.when({ type: 'UpdateSchedule', data: { schedule: scheduleWithId(id), now } }).thenFails('SCHEDULE_NOT_FOUND');
    empty.when({ type: 'DeleteSchedule', data: { configId: id, now } }).thenFails('SCHEDULE_NOT_FOUND');
  });

  it.each(PROTOTYPE_IDS)('%s can be created as a schedule once, then exists, then is gone once deleted', (id) => {
    const created = event('ScheduleCreated', { schedule: scheduleWithId(id), createdAt: now });
    spec
      .given([onboarded])
      .when({ type: 'CreateSchedule', data: { schedule: scheduleWithId(id), now } })
      .then([created]);
    spec
      .given([onboarded, created])
      .when({ type: 'CreateSchedule', data: { schedule: scheduleWithId(id), now } })
      .thenFails('SCHEDULE_EXISTS');
    const deleted = event('ScheduleDeleted', { configId: id, deletedAt: now });
    spec
      .given([onboarded, created])
      .when({ type: 'DeleteSchedule', data: { configId: id, now } })
      .then([deleted]);
    spec
      .given([onboarded, created, deleted])
      .when({ type: 'DeleteSchedule', data: { configId: id, now } })
      .thenFails('SCHEDULE_NOT_FOUND');
  });

  it('keeps a schedule keyed __proto__ as an own entry, not as the map prototype', () => {
    const created = event('ScheduleCreated', { schedule: scheduleWithId('__proto__'), createdAt: now });
    const state = [onboarded, created].reduce(evolveTenant, initialTenantState);
    if (!state.exists) throw new Error('expected a tenant');
    expect(Object.getPrototypeOf(state.schedules)).toBe(Object.prototype);
    expect(Object.keys(state.schedules)).toEqual(['__proto__']);
  });
});
