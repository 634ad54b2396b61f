import pino, { type DestinationStream, type Logger } from 'pino';
import { KnownSecrets, redactSecrets, redactText, type RedactionOptions } from '../security';

export interface LoggerOptions {
  /** The service's configured secrets, masked by value; filled by the composition root once they are loaded. */
  readonly knownSecrets?: KnownSecrets;
}

/**
 * Structured JSON logs, redacted whatever the call site passed, in two layers:
 * - the `log` formatter runs redactSecrets on the merged object (secret-named fields at any depth, errors), and
 *   the `logMethod` hook redacts the message and any printf arguments before pino formats them;
 * - the destination re-reads every serialized line, so what escapes the formatter — child-logger bindings, which
 *   pino serializes once at `child()` without any formatter — is redacted too (names and patterns alike).
 * So a careless log call cannot leak a credential.
 */
export function createLogger(level: string, destination?: DestinationStream, options: LoggerOptions = {}): Logger {
  const redaction: RedactionOptions = { knownSecrets: options.knownSecrets ?? new KnownSecrets() };
  const pinoOptions: pino.LoggerOptions = {
    level,
    base: { service: 'convergence' },
    formatters: { log: (object) => redactSecrets(object, redaction) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        const redact = (arg: unknown) =>
          typeof arg === 'string' ? redactText(arg, redaction) : redactSecrets(arg, redaction);
        const redacted = args.map(redact);
        method.apply(this, redacted as Parameters<typeof method>);
      },
    },
  };
  return pino(pinoOptions, redactingDestination(destination ?? pino.destination(1), redaction));
}

function redactingDestination(inner: DestinationStream, redaction: RedactionOptions): DestinationStream {
  const flushable = inner as DestinationStream & { flush?: (callback: (error?: Error) => void) => void };
  return {
    write: (line: string) => inner.write(redactLine(line, redaction)),
    // logger.flush() reaches the real stream (pino calls the callback itself when a stream has no flush).
    ...(typeof flushable.flush === 'function' ? { flush: flushable.flush.bind(flushable) } : {}),
  } as DestinationStream;
}

/** A pino line is one JSON object and a newline; anything else is redacted as text. */
export function redactLine(line: string, redaction: RedactionOptions): string {
  try {
    return `${JSON.stringify(redactSecrets(JSON.parse(line) as unknown, redaction))}\n`;
  } catch {
    return redactText(line, redaction);
  }
}
