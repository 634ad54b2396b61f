import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { describeDecodeErrors } from '../../domain/decode-errors';
import { PlanName } from '../../domain/plans';
import { CENTRAL_DATASET } from '../../warehouse/tables';
import { formatLoadIssue } from '../../pipelines';
import { loadTenant } from '../handle-tenant-command';
import type { ServiceContext } from '../service-context';
import { loadSystem } from '../system/load-system';
import { CompanyNameField, EmailField, TenantIdField, TimezoneField } from './tenant-fields';

/**
 * The dry run takes the onboarding fields loosely (strings, possibly wrong) and reports each problem as a
 * failed check rather than refusing the request: telling the operator everything at once is its purpose.
 */
export const DryRunInput = t.intersection([
  t.type({ tenant_id: t.string }),
  t.partial({ company_name: t.string, contact_email: t.string, subscription_plan: t.string, timezone: t.string }),
]);
export type DryRunInput = t.TypeOf<typeof DryRunInput>;

export interface DryRunCheck {
  readonly check_name: string;
  readonly passed: boolean;
  readonly message: string;
}

export interface DryRunReport {
  readonly validation_summary: {
    readonly total_checks: number;
    readonly passed: number;
    readonly failed: number;
    readonly ready_for_onboarding: boolean;
  };
  readonly validation_results: readonly DryRunCheck[];
}

const field = <A>(codec: t.Decoder<unknown, A>, value: unknown, name: string, ok: string): DryRunCheck => {
  const decoded = codec.decode(value);
  return E.isRight(decoded)
    ? { check_name: name, passed: true, message: ok }
    : {
        check_name: name,
        passed: false,
        message: describeDecodeErrors(decoded.left).join('; ').replace('(root): ', ''),
      };
};

const attempt = async (
  name: string,
  work: () => Promise<{ passed: boolean; message: string }>,
): Promise<DryRunCheck> => {
  try {
    return { check_name: name, ...(await work()) };
  } catch (error) {
    return {
      check_name: name,
      passed: false,
      message: `could not check: ${error instanceof Error ? error.message.slice(0, 300) : 'unknown error'}`,
    };
  }
};

/** Every check onboarding would depend on, without writing anything. */
export async function dryRunTenant(ctx: ServiceContext, input: DryRunInput): Promise<DryRunReport> {
  const idOk = TenantIdField.is(input.tenant_id);
  const checks: DryRunCheck[] = [
    field(TenantIdField, input.tenant_id, 'tenant_id_format', 'tenant id is valid'),
    field(EmailField, input.contact_email, 'contact_email_format', 'contact email is valid'),
    field(CompanyNameField, input.company_name, 'company_name', 'company name is valid'),
    field(
      PlanName,
      input.subscription_plan ?? 'STARTER',
      'subscription_plan',
      `plan ${input.subscription_plan ?? 'STARTER'} exists`,
    ),
    field(TimezoneField, input.timezone ?? 'UTC', 'timezone', `timezone ${input.timezone ?? 'UTC'} is valid`),
  ];
  checks.push(
    ...(await Promise.all([
      attempt('tenant_not_exists', async () => {
        if (!idOk) return { passed: false, message: 'skipped: the tenant id is invalid' };
        const { state } = await loadTenant(ctx.store, input.tenant_id);
        return state.exists
          ? { passed: false, message: `tenant ${input.tenant_id} already exists` }
          : { passed: true, message: `no tenant ${input.tenant_id} yet` };
      }),
      attempt('tenant_dataset_absent', async () => {
        if (!idOk) return { passed: false, message: 'skipped: the tenant id is invalid' };
        return (await ctx.warehouse.datasetExists(input.tenant_id))
          ? { passed: false, message: `dataset ${input.tenant_id} already exists in the warehouse` }
          : { passed: true, message: `dataset ${input.tenant_id} is free` };
      }),
      attempt('system_bootstrapped', async () => {
        const { state } = await loadSystem(ctx.store);
        if (!state.bootstrapped) return { passed: false, message: 'the system has not been bootstrapped' };
        const central = await ctx.warehouse.datasetExists(CENTRAL_DATASET);
        return central
          ? { passed: true, message: `bootstrapped (schema version ${state.schemaVersion})` }
          : { passed: false, message: `dataset ${CENTRAL_DATASET} is missing: bootstrap again` };
      }),
      attempt('warehouse_connectivity', async () => {
        const probe = await ctx.warehouse.runQuery('SELECT 1 AS ok', { timeoutMs: 10_000 });
        return Number(probe.rows[0]?.ok) === 1
          ? { passed: true, message: 'the warehouse answers queries' }
          : { passed: false, message: 'the warehouse answered unexpectedly' };
      }),
      attempt('pipelines_load', async () => {
        const problems = [];
        for (const which of ['onboarding', 'dryrun'] as const) {
          const loaded = await ctx.catalog.loadSetup(which);
          if (E.isLeft(loaded)) problems.push(...loaded.left.map(formatLoadIssue));
        }
        return problems.length === 0
          ? { passed: true, message: 'the onboarding and dry-run pipelines load' }
          : { passed: false, message: problems.join('; ') };
      }),
    ])),
  );
  const passed = checks.filter((c) => c.passed).length;
  return {
    validation_summary: {
      total_checks: checks.length,
      passed,
      failed: checks.length - passed,
      ready_for_onboarding: passed === checks.length,
    },
    validation_results: checks,
  };
}
