import type { ApiKeyScope } from '../api-key-scopes';
import type { PlanName } from '../plans';
import type { ScheduleSpec } from '../schedule/schedule-spec';
import type { CloudProvider, EncryptedSecret } from './events';

/** Commands are plain readonly data; `now` is an input, so deciders stay pure. */
export interface FirstApiKey {
  readonly keyId: string;
  readonly keyHash: string;
  readonly name: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly expiresAt: string | null;
}

/** A key issued after onboarding: by the admin key (`parentKeyId` null) or by one of the tenant's keys. */
export interface IssueApiKeyData extends Omit<FirstApiKey, 'expiresAt'> {
  /** Absent: the issuing key's expiry (none when the admin key issues). Null: no expiry. */
  readonly expiresAt?: string | null;
  readonly parentKeyId: string | null;
  readonly now: string;
}

export type TenantCommand =
  | {
      readonly type: 'OnboardTenant';
      readonly data: {
        readonly tenantId: string;
        readonly companyName: string;
        readonly contactEmail: string;
        readonly plan: PlanName;
        readonly timezone: string;
        readonly billingAccountIds: readonly string[];
        readonly firstKey: FirstApiKey;
        readonly now: string;
      };
    }
  | {
      readonly type: 'RecordProvisioning';
      readonly data: {
        readonly outcome:
          | { readonly ok: true; readonly dataset: string; readonly objects: readonly string[] }
          | { readonly ok: false; readonly reason: string };
        readonly now: string;
      };
    }
  | { readonly type: 'IssueApiKey'; readonly data: IssueApiKeyData }
  | {
      readonly type: 'RevokeApiKey';
      readonly data: { readonly keyId: string; readonly reason: string; readonly now: string };
    }
  | { readonly type: 'ChangePlan'; readonly data: { readonly plan: PlanName; readonly now: string } }
  | { readonly type: 'SuspendTenant'; readonly data: { readonly reason: string; readonly now: string } }
  | { readonly type: 'ReactivateTenant'; readonly data: { readonly now: string } }
  | { readonly type: 'OffboardTenant'; readonly data: { readonly reason: string; readonly now: string } }
  | {
      readonly type: 'StoreCredential';
      readonly data: {
        readonly credentialId: string;
        readonly provider: CloudProvider;
        readonly name: string;
        readonly metadata: Readonly<Record<string, string>>;
        readonly encrypted: EncryptedSecret;
        readonly now: string;
      };
    }
  | { readonly type: 'DeleteCredential'; readonly data: { readonly credentialId: string; readonly now: string } }
  | { readonly type: 'CreateSchedule'; readonly data: { readonly schedule: ScheduleSpec; readonly now: string } }
  | { readonly type: 'UpdateSchedule'; readonly data: { readonly schedule: ScheduleSpec; readonly now: string } }
  | { readonly type: 'DeleteSchedule'; readonly data: { readonly configId: string; readonly now: string } };
