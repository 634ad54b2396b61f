import * as E from 'fp-ts/Either';
import { domainError, type DomainError } from '../errors';
import { PLAN_LIMITS } from '../plans';
import { decideIssueApiKey, decideRevokeApiKey } from './api-key-chain';
import { TENANT_CAPS } from './caps';
import type { TenantCommand } from './commands';
import { event, type TenantEvent } from './events';
import type { ExistingTenant, TenantState } from './state';
import { ownEntry } from '../own-entry';

type Decision = E.Either<DomainError, readonly TenantEvent[]>;
const ok = (...events: TenantEvent[]): Decision => E.right(events);
const fail = (...args: Parameters<typeof domainError>): Decision => E.left(domainError(...args));

/** Decides what a command means for a tenant: the events to record, or why not. Pure. */
export function decideTenant(command: TenantCommand, state: TenantState): Decision {
  if (command.type === 'OnboardTenant') return onboard(command.data, state);
  if (!state.exists) return fail('TENANT_NOT_FOUND', 'Tenant not found');
  if (state.status === 'DELETED' && command.type !== 'OffboardTenant') {
    return fail('TENANT_DELETED', `Tenant ${state.profile.tenantId} was offboarded`);
  }
  switch (command.type) {
    case 'RecordProvisioning': {
      const { outcome, now } = command.data;
      if (outcome.ok)
        return state.provisioning === 'COMPLETE'
          ? ok()
          : ok(event('TenantProvisioned', { dataset: outcome.dataset, objects: outcome.objects, provisionedAt: now }));
      return ok(event('TenantProvisioningFailed', { reason: outcome.reason, failedAt: now }));
    }
    case 'IssueApiKey':
      return decideIssueApiKey(state, command.data);
    case 'RevokeApiKey':
      return decideRevokeApiKey(state, command.data.keyId, command.data.reason, command.data.now);
    case 'ChangePlan': {
      const { plan, now } = command.data;
      if (plan === state.plan) return ok();
      return ok(event('PlanChanged', { from: state.plan, to: plan, limits: PLAN_LIMITS[plan], changedAt: now }));
    }
    case 'SuspendTenant':
      return state.status === 'SUSPENDED'
        ? ok()
        : ok(event('TenantSuspended', { reason: command.data.reason, suspendedAt: command.data.now }));
    case 'ReactivateTenant':
      return state.status === 'ACTIVE' ? ok() : ok(event('TenantReactivated', { reactivatedAt: command.data.now }));
    case 'OffboardTenant':
      return offboard(state, command.data.reason, command.data.now);
    case 'StoreCredential': {
      const { now, ...credential } = command.data;
      if (ownEntry(state.credentials, credential.credentialId))
        return fail('CREDENTIAL_EXISTS', `Credential ${credential.credentialId} already exists`);
      if (Object.keys(state.credentials).length >= TENANT_CAPS.credentials) {
        const max = TENANT_CAPS.credentials;
        return fail('CREDENTIAL_LIMIT_REACHED', `A tenant holds at most ${max} credentials: delete one first`, { max });
      }
      return ok(event('CredentialStored', { ...credential, storedAt: now }));
    }
    case 'DeleteCredential':
      if (!ownEntry(state.credentials, command.data.credentialId))
        return fail('CREDENTIAL_NOT_FOUND', `Credential ${command.data.credentialId} not found`);
      return ok(event('CredentialDeleted', { credentialId: command.data.credentialId, deletedAt: command.data.now }));
    case 'CreateSchedule':
      if (ownEntry(state.schedules, command.data.schedule.configId))
        return fail('SCHEDULE_EXISTS', `Schedule ${command.data.schedule.configId} already exists`);
      if (Object.keys(state.schedules).length >= TENANT_CAPS.schedules) {
        const max = TENANT_CAPS.schedules;
        return fail('SCHEDULE_LIMIT_REACHED', `A tenant holds at most ${max} schedules: delete one first`, { max });
      }
      return ok(event('ScheduleCreated', { schedule: command.data.schedule, createdAt: command.data.now }));
    case 'UpdateSchedule':
      if (!ownEntry(state.schedules, command.data.schedule.configId))
        return fail('SCHEDULE_NOT_FOUND', `Schedule ${command.data.schedule.configId} not found`);
      return ok(event('ScheduleUpdated', { schedule: command.data.schedule, updatedAt: command.data.now }));
    case 'DeleteSchedule':
      if (!ownEntry(state.schedules, command.data.configId))
        return fail('SCHEDULE_NOT_FOUND', `Schedule ${command.data.configId} not found`);
      return ok(event('ScheduleDeleted', { configId: command.data.configId, deletedAt: command.data.now }));
  }
}

function onboard(data: Extract<TenantCommand, { type: 'OnboardTenant' }>['data'], state: TenantState): Decision {
  const { tenantId, companyName, contactEmail, plan, timezone, billingAccountIds, firstKey, now } = data;
  if (state.exists) {
    if (state.status === 'DELETED')
      return fail('TENANT_DELETED', `Tenant ${tenantId} was offboarded; its id cannot be reused`);
    if (state.provisioning === 'COMPLETE') return fail('TENANT_EXISTS', `Tenant ${tenantId} already exists`);
    // Provisioning never finished: onboarding again finishes it. The first key may never have reached the
    // caller, so it is replaced: the old one is revoked and a new one issued (and shown once).
    const stale = Object.values(state.keys).filter((key) => !key.revokedAt);
    return ok(
      ...stale.map((key) =>
        event('ApiKeyRevoked', { keyId: key.keyId, reason: 'replaced when onboarding was retried', revokedAt: now }),
      ),
      event('ApiKeyIssued', { ...firstKey, issuedAt: now }),
    );
  }
  return ok(
    event('TenantOnboarded', {
      tenantId,
      companyName,
      contactEmail,
      plan,
      limits: PLAN_LIMITS[plan],
      timezone,
      billingAccountIds,
      onboardedAt: now,
    }),
    event('ApiKeyIssued', { ...firstKey, issuedAt: now }),
  );
}

/**
 * Offboarding ends with the data key's destruction, recorded in the same append as the tombstone that
 * shreds it (the use case adds that write), so a tenant is never DELETED with a readable key.
 */
function offboard(state: ExistingTenant, reason: string, now: string): Decision {
  const destroyed = event('CredentialDataKeyDestroyed', { destroyedAt: now });
  if (state.status === 'DELETED') return state.dataKeyDestroyed ? ok() : ok(destroyed);
  const revocations = Object.values(state.keys)
    .filter((key) => !key.revokedAt)
    .map((key) => event('ApiKeyRevoked', { keyId: key.keyId, reason: 'tenant offboarded', revokedAt: now }));
  const schedulesOff = Object.values(state.schedules)
    .filter((schedule) => schedule.active)
    .map((schedule) => event('ScheduleUpdated', { schedule: { ...schedule, active: false }, updatedAt: now }));
  return ok(...revocations, ...schedulesOff, event('TenantOffboarded', { reason, offboardedAt: now }), destroyed);
}
