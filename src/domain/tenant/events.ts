import * as t from 'io-ts';
import { ApiKeyScope } from '../api-key-scopes';
import { PlanLimitsCodec, PlanName } from '../plans';
import { ScheduleSpec } from '../schedule/schedule-spec';

/**
 * Everything that happens to a tenant, as plain readonly data with a literal `type`. The data codecs are the
 * source of truth: the event store validates appends and decodes reads with them. No secret appears in clear:
 * API keys as their peppered hash, credentials as ciphertext.
 */
const nullableString = t.union([t.string, t.null]);

export const EncryptedSecret = t.readonly(
  t.type({ keyVersion: t.number, iv: t.string, ciphertext: t.string, tag: t.string }),
);
export type EncryptedSecret = t.TypeOf<typeof EncryptedSecret>;

export const CloudProvider = t.keyof({ gcp: null, aws: null, azure: null }, 'CloudProvider');
export type CloudProvider = t.TypeOf<typeof CloudProvider>;

export const tenantEventCodecs = {
  TenantOnboarded: t.readonly(
    t.type({
      tenantId: t.string,
      companyName: t.string,
      contactEmail: t.string,
      plan: PlanName,
      limits: PlanLimitsCodec,
      timezone: t.string,
      billingAccountIds: t.readonlyArray(t.string),
      onboardedAt: t.string,
    }),
  ),
  TenantProvisioned: t.readonly(
    t.type({ dataset: t.string, objects: t.readonlyArray(t.string), provisionedAt: t.string }),
  ),
  TenantProvisioningFailed: t.readonly(t.type({ reason: t.string, failedAt: t.string })),
  // `parentKeyId` names the tenant key that issued this one (absent when the admin or onboarding did, and in
  // events recorded before keys had parents): revoking the parent revokes its children.
  ApiKeyIssued: t.readonly(
    t.intersection([
      t.type({
        keyId: t.string,
        name: t.string,
        keyHash: t.string,
        scopes: t.readonlyArray(ApiKeyScope),
        expiresAt: nullableString,
        issuedAt: t.string,
      }),
      t.partial({ parentKeyId: t.string }),
    ]),
  ),
  ApiKeyRevoked: t.readonly(t.type({ keyId: t.string, reason: t.string, revokedAt: t.string })),
  PlanChanged: t.readonly(t.type({ from: PlanName, to: PlanName, limits: PlanLimitsCodec, changedAt: t.string })),
  TenantSuspended: t.readonly(t.type({ reason: t.string, suspendedAt: t.string })),
  TenantReactivated: t.readonly(t.type({ reactivatedAt: t.string })),
  TenantOffboarded: t.readonly(t.type({ reason: t.string, offboardedAt: t.string })),
  CredentialDataKeyDestroyed: t.readonly(t.type({ destroyedAt: t.string })),
  CredentialStored: t.readonly(
    t.type({
      credentialId: t.string,
      provider: CloudProvider,
      name: t.string,
      metadata: t.readonly(t.record(t.string, t.string)),
      encrypted: EncryptedSecret,
      storedAt: t.string,
    }),
  ),
  CredentialDeleted: t.readonly(t.type({ credentialId: t.string, deletedAt: t.string })),
  ScheduleCreated: t.readonly(t.type({ schedule: ScheduleSpec, createdAt: t.string })),
  ScheduleUpdated: t.readonly(t.type({ schedule: ScheduleSpec, updatedAt: t.string })),
  ScheduleDeleted: t.readonly(t.type({ configId: t.string, deletedAt: t.string })),
} as const;

type Codecs = typeof tenantEventCodecs;
export type TenantEventType = keyof Codecs;
export type TenantEventOf<K extends TenantEventType> = { readonly type: K; readonly data: t.TypeOf<Codecs[K]> };
export type TenantEvent = { [K in TenantEventType]: TenantEventOf<K> }[TenantEventType];

export const event = <K extends TenantEventType>(type: K, data: t.TypeOf<Codecs[K]>): TenantEventOf<K> => ({
  type,
  data,
});
