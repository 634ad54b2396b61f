import type { ApiKeyScope } from '../api-key-scopes';
import type { PlanLimits, PlanName } from '../plans';
import type { ScheduleSpec } from '../schedule/schedule-spec';
import type { CloudProvider, EncryptedSecret, TenantEvent } from './events';
import { ownEntry } from '../own-entry';

export interface ApiKeyState {
  readonly keyId: string;
  readonly name: string;
  readonly keyHash: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly expiresAt: string | null;
  readonly issuedAt: string;
  readonly revokedAt: string | null;
  readonly revokeReason: string | null;
  /** The tenant key that issued this one; null when the admin key or onboarding did. */
  readonly parentKeyId: string | null;
}

export interface CredentialState {
  readonly credentialId: string;
  readonly provider: CloudProvider;
  readonly name: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly encrypted: EncryptedSecret;
  readonly storedAt: string;
}

export type LifecycleStatus = 'ACTIVE' | 'SUSPENDED' | 'DELETED';
export type ProvisioningStatus = 'PENDING' | 'FAILED' | 'COMPLETE';

export interface TenantProfile {
  readonly tenantId: string;
  readonly companyName: string;
  readonly contactEmail: string;
  readonly timezone: string;
  readonly billingAccountIds: readonly string[];
  readonly onboardedAt: string;
}

export type TenantState =
  | { readonly exists: false }
  | {
      readonly exists: true;
      readonly profile: TenantProfile;
      readonly plan: PlanName;
      readonly limits: PlanLimits;
      readonly status: LifecycleStatus;
      readonly provisioning: ProvisioningStatus;
      readonly provisioningError: string | null;
      readonly keys: Readonly<Record<string, ApiKeyState>>;
      readonly credentials: Readonly<Record<string, CredentialState>>;
      readonly schedules: Readonly<Record<string, ScheduleSpec>>;
      readonly dataKeyDestroyed: boolean;
    };

export type ExistingTenant = Extract<TenantState, { exists: true }>;

export const initialTenantState: TenantState = { exists: false };

/** The status operators see: provisioning first, then the lifecycle. */
export function visibleStatus(state: ExistingTenant): 'PROVISIONING' | 'PROVISIONING_FAILED' | LifecycleStatus {
  if (state.status === 'ACTIVE' && state.provisioning === 'PENDING') return 'PROVISIONING';
  if (state.status === 'ACTIVE' && state.provisioning === 'FAILED') return 'PROVISIONING_FAILED';
  return state.status;
}

const without = <V>(record: Readonly<Record<string, V>>, key: string): Readonly<Record<string, V>> => {
  const { [key]: _removed, ...rest } = record;
  return rest;
};

/** Folds one event into the state; pure, total, and tolerant of events it does not need. */
export function evolveTenant(state: TenantState, event: TenantEvent): TenantState {
  if (event.type === 'TenantOnboarded') {
    const { plan, limits, ...profile } = event.data;
    return {
      exists: true,
      profile,
      plan,
      limits,
      status: 'ACTIVE',
      provisioning: 'PENDING',
      provisioningError: null,
      keys: {},
      credentials: {},
      schedules: {},
      dataKeyDestroyed: false,
    };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'TenantProvisioned':
      return { ...state, provisioning: 'COMPLETE', provisioningError: null };
    case 'TenantProvisioningFailed':
      return { ...state, provisioning: 'FAILED', provisioningError: event.data.reason };
    case 'ApiKeyIssued': {
      const { keyId, name, keyHash, scopes, expiresAt, issuedAt } = event.data;
      const parentKeyId = event.data.parentKeyId ?? null;
      const key: ApiKeyState = {
        keyId,
        name,
        keyHash,
        scopes,
        expiresAt,
        issuedAt,
        revokedAt: null,
        revokeReason: null,
        parentKeyId,
      };
      return { ...state, keys: { ...state.keys, [keyId]: key } };
    }
    case 'ApiKeyRevoked': {
      const key = ownEntry(state.keys, event.data.keyId);
      if (!key) return state;
      return {
        ...state,
        keys: {
          ...state.keys,
          [key.keyId]: { ...key, revokedAt: event.data.revokedAt, revokeReason: event.data.reason },
        },
      };
    }
    case 'PlanChanged':
      return { ...state, plan: event.data.to, limits: event.data.limits };
    case 'TenantSuspended':
      return { ...state, status: 'SUSPENDED' };
    case 'TenantReactivated':
      return { ...state, status: 'ACTIVE' };
    case 'TenantOffboarded':
      return { ...state, status: 'DELETED' };
    case 'CredentialDataKeyDestroyed':
      return { ...state, dataKeyDestroyed: true };
    case 'CredentialStored': {
      const { credentialId, provider, name, metadata, encrypted, storedAt } = event.data;
      return {
        ...state,
        credentials: {
          ...state.credentials,
          [credentialId]: { credentialId, provider, name, metadata, encrypted, storedAt },
        },
      };
    }
    case 'CredentialDeleted':
      return { ...state, credentials: without(state.credentials, event.data.credentialId) };
    case 'ScheduleCreated':
    case 'ScheduleUpdated':
      return { ...state, schedules: { ...state.schedules, [event.data.schedule.configId]: event.data.schedule } };
    case 'ScheduleDeleted':
      return { ...state, schedules: without(state.schedules, event.data.configId) };
  }
}
