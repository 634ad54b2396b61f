import type { Command } from 'commander';
import { bootstrapSystem, type BootstrapReport } from '../../app/system/bootstrap-system';
import { cliActor } from '../cli-actor';
import type { CliEnvironment } from '../cli-environment';
import { EXIT_OK } from '../exit-codes';
import { withContext } from '../with-context';

/** `convergence bootstrap [--force-recreate-tables]`: runs the bootstrap use case and says what it did to each central table. */
export function registerBootstrapCommand(program: Command, env: CliEnvironment, done: (code: number) => void): void {
  program
    .command('bootstrap')
    .description('create the central dataset and every central table, and record the bootstrap (safe to run again)')
    .option(
      '--force-recreate-tables',
      'drop and re-create every central table from its definition: their rows are lost (replay rebuilds them)',
      false,
    )
    .action(async (options: { readonly forceRecreateTables: boolean }) => {
      const forceRecreateTables = options.forceRecreateTables === true;
      done(
        await withContext(env, async (ctx) => {
          if (forceRecreateTables)
            env.stderr.write(
              'warning: --force-recreate-tables drops every central table; their rows are lost until the projections replay them\n',
            );
          const report = await bootstrapSystem(ctx, { forceRecreateTables }, env.actor ?? cliActor());
          env.stdout.write(formatBootstrapReport(report));
          return EXIT_OK;
        }),
      );
    });
}

function formatBootstrapReport(report: BootstrapReport): string {
  const lines = [
    `${report.firstBootstrap ? 'System bootstrapped' : 'System bootstrapped again'}: dataset ${report.dataset} ${report.datasetCreated ? 'created' : 'already existed'}, schema version ${report.schemaVersion}, ${report.partitions} event-log partitions`,
    ...report.created.map((table) => `  created          ${table}`),
    ...report.existing.map((table) => `  already existed  ${table}`),
    ...report.recreated.map((table) => `  re-created       ${table}`),
    `${report.created.length} created, ${report.existing.length} already existed, ${report.recreated.length} re-created`,
  ];
  return `${lines.join('\n')}\n`;
}
