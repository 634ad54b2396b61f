import pino, { type DestinationStream, type Logger } from 'pino';
import { KnownSecrets, redactSecrets, redactText } from '../security';

export interface LoggerOptions {
  /** The service's configured secrets, masked by value; filled by the composition root once they are loaded. */
  readonly knownSecrets?: KnownSecrets;
}

/**
 * Structured JSON logs. Every line is redacted whatever the call site passed: the merged object (bindings of
 * child loggers and the call's object, errors included) goes through redactSecrets in the `log` formatter, the
 * bindings through it in the `bindings` formatter, and the message (and any printf arguments) through redactText
 * in the `logMethod` hook. So a careless log call cannot leak a credential.
 */
export function createLogger(level: string, destination?: DestinationStream, options: LoggerOptions = {}): Logger {
  const known = options.knownSecrets ?? new KnownSecrets();
  const redactionOptions = { knownSecrets: known };
  const pinoOptions: pino.LoggerOptions = {
    level,
    base: { service: 'convergence' },
    formatters: {
      log: (object) => redactSecrets(object, redactionOptions) as Record<string, unknown>,
      bindings: (bindings) => redactSecrets(bindings, redactionOptions) as pino.Bindings,
    },
    hooks: {
      logMethod(args, method) {
        const redacted = args.map((arg) => (typeof arg === 'string' ? redactText(arg, redactionOptions) : redactSecrets(arg, redactionOptions)));
        method.apply(this, redacted as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(pinoOptions, destination) : pino(pinoOptions);
}
