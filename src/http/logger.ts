import pino, { type DestinationStream, type Logger } from 'pino';
import { redactSecrets } from '../security';

/**
 * Structured JSON logs. Every logged object passes through redactSecrets (secret-named fields at any depth,
 * API keys, bearer tokens, JWTs and PEM keys inside strings), errors included, so a careless log call
 * cannot leak a credential.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'convergence' },
    formatters: { log: (object) => redactSecrets(object) as Record<string, unknown> },
    hooks: {
      // Messages are free text too.
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? (redactSecrets(arg) as string) : arg)) as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
