import type { Actor, ServiceContext } from '../../../src/app/service-context';
import { runCli } from '../../../src/cli/run-cli';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** How many times the command asked for the service context (0: it refused before touching anything). */
  readonly contextsOpened: number;
}

/**
 * Runs `convergence …argv` in this process against a context the test already holds (left open: the test owns
 * it), capturing both outputs. Without a context, a command that asks for one fails the run loudly.
 */
export async function runCliCaptured(argv: readonly string[], ctx?: ServiceContext, actor?: Actor): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  let contextsOpened = 0;
  const code = await runCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    context: async () => {
      contextsOpened += 1;
      if (!ctx) throw new Error('this run was not expected to need the service context');
      return { ctx, close: async () => undefined };
    },
    ...(actor ? { actor } : {}),
  });
  return { code, stdout, stderr, contextsOpened };
}
