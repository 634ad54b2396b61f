import type { ServiceContext } from '../app/service-context';
import type { CliEnvironment } from './cli-environment';
import { describeError } from './describe-error';
import { EXIT_FAILURE } from './exit-codes';

/** Opens the service context for one command and always closes it; a context that cannot open is a failure, not a crash. */
export async function withContext(
  env: CliEnvironment,
  work: (ctx: ServiceContext) => Promise<number>,
): Promise<number> {
  let opened;
  try {
    opened = await env.context();
  } catch (error) {
    env.stderr.write(`error: could not reach the service's dependencies: ${describeError(error)}\n`);
    return EXIT_FAILURE;
  }
  try {
    return await work(opened.ctx);
  } finally {
    await opened.close();
  }
}
