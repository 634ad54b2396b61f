import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { replayDependenciesOf } from '../../app/replay/replay-dependencies-of';
import { defaultReplayId } from '../../app/replay/start-replay';
import { shadowSet } from '../../projections/projection-set';
import type { ReplayRecord } from '../../projections/replay/replay-record';
import { runReplay } from '../../projections/replay/run-replay';
import { cliActor } from '../cli-actor';
import type { CliEnvironment } from '../cli-environment';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../exit-codes';
import { withContext } from '../with-context';

interface ReplayOptions {
  readonly id?: string;
  readonly verify: boolean;
  readonly promote: boolean;
  readonly concurrency: string;
}

/**
 * `convergence replay [--id ID] [--verify] [--promote] [--concurrency N]`: rebuilds every projection from
 * revision 1 into a shadow dataset with a progress bar; --verify compares it with the live tables, --promote
 * switches the live tables to it. Exit 1 when it fails or verification finds differences (and no promote).
 */
export function registerReplayCommand(program: Command, env: CliEnvironment, done: (code: number) => void): void {
  program
    .command('replay')
    .description(
      'rebuild every projection from the event log into a shadow dataset; optionally verify it and promote it',
    )
    .option(
      '--id <id>',
      'replay id (names the shadow dataset tenants__replay_<id>); default from the current time; an existing id resumes',
    )
    .option(
      '--verify',
      'compare per-table checksums of the rebuilt and the live tables and list the first differing rows',
      false,
    )
    .option('--promote', 'switch the live tables to the rebuilt ones (atomically per table, no downtime)', false)
    .option('--concurrency <n>', 'partitions rebuilt at once', '4')
    .action(async (options: ReplayOptions) => {
      const concurrency = Number(options.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
        env.stderr.write(
          `error: --concurrency must be an integer from 1 to 64, got ${JSON.stringify(options.concurrency.slice(0, 20))}\n`,
        );
        return done(EXIT_USAGE);
      }
      if (options.id !== undefined) {
        try {
          shadowSet(options.id);
        } catch (error) {
          env.stderr.write(`error: --id: ${(error as Error).message}\n`);
          return done(EXIT_USAGE);
        }
      }
      done(
        await withContext(env, async (ctx) => {
          const replayId = options.id ?? defaultReplayId(ctx.now());
          // Drawn only on a terminal (stderr); the summary on stdout says the same in plain lines.
          const bar = new SingleBar(
            {
              format: 'replay |{bar}| {value}/{total} events | {rate} events/s | ETA {eta_formatted}',
              stream: env.stderr as unknown as NodeJS.WritableStream,
              noTTYOutput: false,
            },
            Presets.shades_classic,
          );
          let started = false;
          const record = await runReplay(replayDependenciesOf(ctx), {
            replayId,
            verify: options.verify,
            promote: options.promote,
            concurrency,
            requestedBy: (env.actor ?? cliActor()).actor,
            onProgress: (progress) => {
              if (!started) bar.start(progress.totalEvents, 0, { rate: 0 });
              started = true;
              bar.setTotal(Math.max(progress.totalEvents, progress.projectedEvents));
              bar.update(progress.projectedEvents, { rate: progress.eventsPerSecond });
            },
          });
          if (started) bar.stop();
          env.stdout.write(formatReplay(record));
          if (record.status === 'failed') return EXIT_FAILURE;
          return record.verify && !record.verify.equal && !options.promote ? EXIT_FAILURE : EXIT_OK;
        }),
      );
    });
}

function formatReplay(record: ReplayRecord): string {
  const lines = [
    `replay ${record.replayId}: ${record.status}, ${record.projectedEvents} event(s) projected into ${record.dataset}, ${record.deadLetters} dead letter(s)`,
  ];
  if (record.error) lines.push(`  error: ${record.error}`);
  for (const table of record.verify?.tables ?? []) {
    lines.push(
      `  ${table.equal ? 'equal    ' : 'DIFFERENT'} ${table.table}  live ${table.live.rows} row(s) ${table.live.checksum}  shadow ${table.shadow.rows} row(s) ${table.shadow.checksum}`,
    );
    for (const row of table.onlyLive) lines.push(`      only live:   ${row}`);
    for (const row of table.onlyShadow) lines.push(`      only shadow: ${row}`);
  }
  if (record.verify)
    lines.push(
      record.verify.equal
        ? 'verify: every table equals its live counterpart'
        : 'verify: differences found (listed above)',
    );
  if (record.promotedAt) lines.push(`promoted at ${record.promotedAt}: the live tables now hold the rebuilt rows`);
  return `${lines.join('\n')}\n`;
}
