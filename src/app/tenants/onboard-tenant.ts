import * as t from 'io-ts';
import { ALL_SCOPES } from '../../domain/api-key-scopes';
import { PlanName } from '../../domain/plans';
import { visibleStatus } from '../../domain/tenant/state';
import { generateApiKey, hashApiKey } from '../../security';
import { handleTenantCommand } from '../handle-tenant-command';
import { DomainRefusal } from '../domain-refusal';
import { runSetupPipeline, setupFailure } from '../run-setup-pipeline';
import type { Actor, ServiceContext } from '../service-context';
import { loadSystem } from '../system/load-system';
import {
  BillingAccountIdField,
  CompanyNameField,
  EmailField,
  NameField,
  TenantIdField,
  TimezoneField,
} from './tenant-fields';

/** What an operator submits to onboard a tenant (the original system's field names). */
export const OnboardTenantInput = t.intersection([
  t.type({ tenant_id: TenantIdField, company_name: CompanyNameField, contact_email: EmailField }),
  t.partial({
    subscription_plan: PlanName,
    timezone: TimezoneField,
    billing_account_ids: t.readonlyArray(BillingAccountIdField),
    api_key_name: NameField,
  }),
]);
export type OnboardTenantInput = t.TypeOf<typeof OnboardTenantInput>;

export interface OnboardedTenant {
  readonly tenantId: string;
  readonly status: string;
  readonly plan: string;
  readonly limits: { readonly dailyRuns: number; readonly monthlyRuns: number; readonly concurrentRuns: number };
  readonly dataset: string;
  /** Shown once: only its peppered hash is stored. */
  readonly apiKey: string;
  readonly apiKeyId: string;
  /** True when this call finished an earlier onboarding whose provisioning had not completed. */
  readonly resumed: boolean;
}

/** Provisioning failed; the tenant stays PROVISIONING_FAILED (visible) and onboarding again finishes it. */
export class ProvisioningFailed extends Error {
  readonly code = 'PROVISIONING_FAILED';
  constructor(
    readonly tenantId: string,
    reason: string,
  ) {
    super(`Provisioning of tenant ${tenantId} failed: ${reason}. The tenant is kept; onboard it again to finish.`);
    this.name = 'ProvisioningFailed';
  }
}

/**
 * Profile, subscription and first API key in one append; then the data key and
 * configs/setup/tenants/onboarding.yml provision the tenant; the outcome is recorded either way. A crash or
 * failure between the two leaves a PROVISIONING / PROVISIONING_FAILED tenant that calling this again finishes
 * (with a fresh first key: the earlier one may never have reached the caller).
 */
export async function onboardTenant(
  ctx: ServiceContext,
  input: OnboardTenantInput,
  actor: Actor,
): Promise<OnboardedTenant> {
  const system = await loadSystem(ctx.store);
  if (!system.state.bootstrapped) {
    throw new DomainRefusal({
      code: 'SYSTEM_NOT_BOOTSTRAPPED',
      message:
        'Bootstrap the system (POST /api/v1/admin/bootstrap or `convergence bootstrap`) before onboarding tenants',
    });
  }
  const tenantId = input.tenant_id;
  const key = generateApiKey();
  const keyHash = hashApiKey(key.secret, ctx.pepper);
  const now = ctx.now().toISOString();
  let resumed = false;
  const recorded = await handleTenantCommand(
    ctx,
    tenantId,
    (state) => {
      resumed = state.exists;
      return {
        type: 'OnboardTenant',
        data: {
          tenantId,
          companyName: input.company_name,
          contactEmail: input.contact_email,
          plan: input.subscription_plan ?? 'STARTER',
          timezone: input.timezone ?? 'UTC',
          billingAccountIds: input.billing_account_ids ?? [],
          firstKey: {
            keyId: key.keyId,
            keyHash,
            name: input.api_key_name ?? 'default',
            scopes: ALL_SCOPES,
            expiresAt: null,
          },
          now,
        },
      };
    },
    actor,
  );

  await ctx.keyring.createDataKey(tenantId);
  const result = await runSetupPipeline(ctx, 'onboarding', {
    runId: `onboarding_${tenantId}_${recorded.revision}`,
    tenantId,
  });
  const outcome =
    result.status === 'succeeded'
      ? { ok: true as const, dataset: tenantId, objects: provisionedObjects(result.steps) }
      : { ok: false as const, reason: setupFailure(result) };
  const final = await handleTenantCommand(
    ctx,
    tenantId,
    () => ({ type: 'RecordProvisioning', data: { outcome, now: ctx.now().toISOString() } }),
    actor,
  );
  if (!outcome.ok) throw new ProvisioningFailed(tenantId, outcome.reason);
  if (!final.state.exists) throw new Error('unreachable: an onboarded tenant exists');
  return {
    tenantId,
    status: visibleStatus(final.state),
    plan: final.state.plan,
    limits: final.state.limits,
    dataset: tenantId,
    apiKey: key.secret,
    apiKeyId: key.keyId,
    resumed,
  };
}

function provisionedObjects(steps: readonly { readonly output?: { readonly details?: unknown } }[]): string[] {
  const details = steps[0]?.output?.details as { tablesCreated?: readonly string[]; view?: string } | undefined;
  return [...(details?.tablesCreated ?? []), ...(details?.view ? [details.view] : [])];
}
