import type { Command } from 'commander';
import * as E from 'fp-ts/Either';
import { dryRunTenant, DryRunInput, type DryRunReport } from '../../app/tenants/dryrun-tenant';
import type { CliEnvironment } from '../cli-environment';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../exit-codes';
import { readTenantConfigFile } from '../tenant-config-file';
import { withContext } from '../with-context';

/**
 * `convergence dryrun --config FILE`: every check onboarding depends on, for each tenant of the file, writing
 * nothing. Field values are checked by the dry run itself (reported as failed checks, all at once); only a file
 * whose structure is wrong is refused.
 */
export function registerDryRunCommand(program: Command, env: CliEnvironment, done: (code: number) => void): void {
  program
    .command('dryrun')
    .description('check, without writing anything, that every tenant of a JSON config file can be onboarded')
    .requiredOption('-c, --config <file>', 'tenant config file (the same file `onboard` takes)')
    .action(async (options: { readonly config: string }) => {
      done(await dryRunFile(env, options.config));
    });
}

async function dryRunFile(env: CliEnvironment, file: string): Promise<number> {
  const loaded = await readTenantConfigFile(file, DryRunInput);
  if (E.isLeft(loaded)) {
    env.stderr.write(`${loaded.left.message}\nNothing was checked.\n`);
    return EXIT_USAGE;
  }
  return withContext(env, async (ctx) => {
    let notReady = 0;
    for (const tenant of loaded.right.tenants) {
      const report = await dryRunTenant(ctx, tenant);
      if (!report.validation_summary.ready_for_onboarding) notReady += 1;
      env.stdout.write(formatDryRun(tenant.tenant_id, report));
    }
    env.stdout.write(`${loaded.right.tenants.length - notReady} ready for onboarding, ${notReady} not ready\n`);
    return notReady > 0 ? EXIT_FAILURE : EXIT_OK;
  });
}

function formatDryRun(tenantId: string, report: DryRunReport): string {
  const { passed, total_checks: total, ready_for_onboarding: ready } = report.validation_summary;
  const lines = [
    `${tenantId}: ${ready ? 'ready for onboarding' : 'NOT ready for onboarding'} (${passed}/${total} checks passed)`,
    ...report.validation_results.map(
      (check) => `  ${check.passed ? 'PASS' : 'FAIL'}  ${check.check_name}: ${check.message}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
