/**
 * The `convergence` command on the real runtime (bin/convergence, `npm run convergence -- …`). It attaches to
 * a running `npm start` (its Firestore emulator and warehouse endpoint, from .convergence/local-stack.json)
 * when there is one; otherwise createRuntime starts what the configuration asks for.
 */
import pino from 'pino';
import { loadConfig } from '../config/config';
import { createLogger } from '../http/logger';
import { createRuntime } from '../runtime/create-runtime';
import { KnownSecrets } from '../security/redaction';
import { runningLocalStack } from '../runtime/local-stack-file';
import type { CliEnvironment } from './cli-environment';
import { EXIT_USAGE } from './exit-codes';
import { runCli } from './run-cli';

async function main(): Promise<number> {
  const loaded = loadConfig(process.env);
  if (loaded._tag === 'Left') {
    process.stderr.write(`${loaded.left.message}\n`);
    return EXIT_USAGE;
  }
  const config = loaded.right;
  // Locally there is no metadata server to probe (a 3 s wait); in production ADC must find Cloud Run's.
  if (config.mode === 'local') process.env.METADATA_SERVER_DETECTION ??= 'none';
  // Logs go to stderr so stdout stays the command's output; an explicit LOG_LEVEL is honoured.
  const knownSecrets = new KnownSecrets();
  const stderr = pino.destination({ dest: 2, sync: true });
  const logger = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn', stderr, { knownSecrets });
  const env: CliEnvironment = {
    stdout: process.stdout,
    stderr: process.stderr,
    context: async () => {
      if (config.mode === 'local' && !config.firestoreEmulatorHost && !runningLocalStack(config.dataDir)) {
        process.stderr.write(
          `note: no running \`npm start\` found (${config.dataDir}/local-stack.json) and FIRESTORE_EMULATOR_HOST is unset: this command starts ` +
            'its own Firestore emulator, and the events it records are lost when it exits. Start `npm start` first to keep them.\n',
        );
      }
      const runtime = await createRuntime(config, logger, { attachToRunningStack: true, knownSecrets });
      if (runtime.generatedAdminKey)
        process.stderr.write(
          `note: local secrets generated in ${config.dataDir}/local-secrets.json (the admin key is there)\n`,
        );
      const interrupted = (signal: NodeJS.Signals) => {
        // Stop what the runtime started (emulator, warehouse endpoint and its file) before exiting.
        process.stderr.write(`interrupted (${signal}): stopping\n`);
        void runtime.stop().finally(() => process.exit(130));
      };
      process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
      return {
        ctx: runtime.ctx,
        close: async () => {
          process.removeListener('SIGINT', interrupted).removeListener('SIGTERM', interrupted);
          await runtime.stop();
        },
      };
    },
  };
  return runCli(process.argv.slice(2), env);
}

main().then(
  // Exit explicitly: client libraries may keep idle handles open after the runtime stopped.
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
