import type { Command } from 'commander';
import { tickOf } from '../../app/scheduling/fire-times';
import { triggerSchedules } from '../../app/scheduling/trigger-schedules';
import { cliActor } from '../cli-actor';
import type { CliEnvironment } from '../cli-environment';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../exit-codes';
import { withContext } from '../with-context';
import { ACCEPTED_RANGE_TEXT, isAcceptedInstant } from '../../domain/accepted-instants';

/**
 * `convergence tick [--at TIME]`: fires the trigger now (what Cloud Scheduler does hourly), through the same use
 * case as POST /api/v1/scheduler/trigger. Attached to a running `npm start`, its runs are dispatched to it.
 */
export function registerTickCommand(program: Command, env: CliEnvironment, done: (code: number) => void): void {
  program
    .command('tick')
    .description('fire the scheduler trigger now: request and dispatch every due pipeline run')
    .option('--at <time>', 'the tick (RFC 3339), as Cloud Scheduler would send it; default now, floored to the minute')
    .action(async (options: { readonly at?: string }) => {
      if (options.at !== undefined && !isAcceptedInstant(Date.parse(options.at))) {
        env.stderr.write(
          `error: --at ${JSON.stringify(options.at.slice(0, 60))} is not an RFC 3339 time in ${ACCEPTED_RANGE_TEXT}\n`,
        );
        return done(EXIT_USAGE);
      }
      done(
        await withContext(env, async (ctx) => {
          const report = await triggerSchedules(ctx, tickOf(options.at, ctx.now()), env.actor ?? cliActor());
          env.stdout.write(
            `tick ${report.tick}: ${report.triggered} run(s) requested, ${report.queued} dispatched, ${report.skipped} skipped, ${report.missed} missed ` +
              `(${report.tenants} tenant(s), ${report.duration_ms} ms); next trigger ${report.next_trigger_time ?? 'none'}\n`,
          );
          for (const failure of report.failures)
            env.stderr.write(
              `failed: ${failure.tenant_id}/${failure.config_id} (${failure.code}); tick again to retry it\n`,
            );
          return report.failures.length > 0 ? EXIT_FAILURE : EXIT_OK;
        }),
      );
    });
}
