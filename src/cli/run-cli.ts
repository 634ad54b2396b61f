import { Command, CommanderError } from 'commander';
import type { CliEnvironment } from './cli-environment';
import { registerAuditCommand } from './commands/audit-command';
import { registerBootstrapCommand } from './commands/bootstrap-command';
import { registerDryRunCommand } from './commands/dryrun-command';
import { registerOnboardCommand } from './commands/onboard-command';
import { registerReplayCommand } from './commands/replay-command';
import { registerTickCommand } from './commands/tick-command';
import { describeError } from './describe-error';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes';

/**
 * Runs `convergence` with `argv` (the words after the program name) in this process and returns the exit code;
 * it never exits the process. main.ts wires the real runtime; tests pass their own context and collectors.
 */
export async function runCli(argv: readonly string[], env: CliEnvironment): Promise<number> {
  let exitCode = EXIT_OK;
  const done = (code: number) => {
    exitCode = code;
  };
  const program = new Command('convergence')
    .description('Operate Convergence: bootstrap the system, dry-run and onboard tenants, fire the scheduler.')
    .exitOverride()
    .configureOutput({ writeOut: (text) => env.stdout.write(text), writeErr: (text) => env.stderr.write(text) })
    .showHelpAfterError('(convergence --help shows the usage)');
  registerBootstrapCommand(program, env, done);
  registerDryRunCommand(program, env, done);
  registerOnboardCommand(program, env, done);
  registerTickCommand(program, env, done);
  registerAuditCommand(program, env, done);
  registerReplayCommand(program, env, done);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // Help that was asked for exits 0; every other commander error (including help shown for a missing command) is a usage error.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    env.stderr.write(`error: ${describeError(error)}\n`);
    return EXIT_FAILURE;
  }
}
