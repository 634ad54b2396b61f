import type { Command } from 'commander';
import * as E from 'fp-ts/Either';
import { DomainRefusal } from '../../app/domain-refusal';
import type { Actor, ServiceContext } from '../../app/service-context';
import { onboardTenant, OnboardTenantInput } from '../../app/tenants/onboard-tenant';
import { cliActor } from '../cli-actor';
import type { CliEnvironment } from '../cli-environment';
import { describeError } from '../describe-error';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../exit-codes';
import { readTenantConfigFile } from '../tenant-config-file';
import { withContext } from '../with-context';

type Outcome = 'onboarded' | 'exists' | 'failed';

/**
 * `convergence onboard --config FILE`: onboards every tenant of the file, one after the other. The whole file
 * is decoded first: a bad file onboards nothing. A tenant that already exists is reported, not failed; each new
 * tenant's API key is printed as soon as it exists (it is shown only this once).
 */
export function registerOnboardCommand(program: Command, env: CliEnvironment, done: (code: number) => void): void {
  program
    .command('onboard')
    .description("onboard every tenant of a JSON config file; prints each new tenant's API key once")
    .requiredOption(
      '-c, --config <file>',
      'tenant config file: { "tenants": [ { "tenant_id", "company_name", "contact_email", "subscription_plan"?, "timezone"?, "billing_account_ids"?, "api_key_name"? } ] }',
    )
    .action(async (options: { readonly config: string }) => {
      done(await onboardFromFile(env, options.config));
    });
}

async function onboardFromFile(env: CliEnvironment, file: string): Promise<number> {
  const loaded = await readTenantConfigFile(file, OnboardTenantInput);
  if (E.isLeft(loaded)) {
    env.stderr.write(`${loaded.left.message}\nNothing was onboarded.\n`);
    return EXIT_USAGE;
  }
  const actor = env.actor ?? cliActor();
  return withContext(env, async (ctx) => {
    const outcomes: Outcome[] = [];
    for (const tenant of loaded.right.tenants) outcomes.push(await onboardOne(ctx, env, tenant, actor));
    const count = (outcome: Outcome) => outcomes.filter((o) => o === outcome).length;
    env.stdout.write(
      `${count('onboarded')} onboarded, ${count('exists')} already onboarded, ${count('failed')} failed\n`,
    );
    return count('failed') > 0 ? EXIT_FAILURE : EXIT_OK;
  });
}

async function onboardOne(
  ctx: ServiceContext,
  env: CliEnvironment,
  input: OnboardTenantInput,
  actor: Actor,
): Promise<Outcome> {
  try {
    const tenant = await onboardTenant(ctx, input, actor);
    env.stdout.write(
      `${tenant.tenantId}: onboarded${tenant.resumed ? ' (finished an earlier onboarding; its key was replaced)' : ''} — ${tenant.status}, plan ${tenant.plan}, dataset ${tenant.dataset}\n` +
        `  API key ${tenant.apiKeyId} (shown only now, store it): ${tenant.apiKey}\n`,
    );
    return 'onboarded';
  } catch (error) {
    if (error instanceof DomainRefusal && error.code === 'TENANT_EXISTS') {
      env.stdout.write(`${input.tenant_id}: already onboarded — left as it is\n`);
      return 'exists';
    }
    env.stderr.write(`${input.tenant_id}: FAILED — ${describeError(error)}\n`);
    return 'failed';
  }
}
