import type * as GcpLoggingConfig from '@google-cloud/pino-logging-gcp-config';
import pino, { type DestinationStream, type Logger } from 'pino';
import { currentTrace } from '../observability/current-trace';
import { KnownSecrets, redactSecrets, redactText, type RedactionOptions } from '../security';

/**
 * `json`: pino's own lines (local runs piped elsewhere, tests); `cloud-logging`: Cloud Logging's structured JSON
 * (production); `pretty`: pino's lines made readable for a terminal, by the `prettify` function given.
 */
export type LogFormat = 'json' | 'cloud-logging' | 'pretty';

export interface LoggerOptions {
  /** The service's configured secrets, masked by value; filled by the composition root once they are loaded. */
  readonly knownSecrets?: KnownSecrets;
  readonly format?: LogFormat;
  /** cloud-logging: the project of `logging.googleapis.com/trace` and Error Reporting's service version. */
  readonly projectId?: string;
  readonly version?: string;
  /** pretty: one redacted JSON line in, one readable line out (pino-pretty's prettyFactory, a dev dependency). */
  readonly prettify?: (line: string) => string;
}

/**
 * Logs redacted whatever the call site passed, in three layers:
 * - the `log` formatter runs redactSecrets on the merged object (secret-named fields at any depth, errors), and
 *   the `logMethod` hook redacts the message and any printf arguments before pino formats them;
 * - the destination re-reads every serialized line, so what escapes the formatter — child-logger bindings, which
 *   pino serializes once at `child()` without any formatter — is redacted too (names and patterns alike).
 * So a careless log call cannot leak a credential, in any format. Every line carries the current request's trace.
 */
export function createLogger(level: string, destination?: DestinationStream, options: LoggerOptions = {}): Logger {
  const redaction: RedactionOptions = { knownSecrets: options.knownSecrets ?? new KnownSecrets() };
  const format = options.format ?? 'json';
  const pinoOptions: pino.LoggerOptions = {
    level,
    base: { service: 'convergence' },
    // OpenTelemetry's field names: the Cloud Logging config turns them into logging.googleapis.com/trace.
    mixin: () => {
      const trace = currentTrace();
      if (!trace) return {};
      return {
        trace_id: trace.traceId,
        ...(trace.spanId ? { span_id: trace.spanId } : {}),
        trace_flags: trace.sampled ? '01' : '00',
      };
    },
    formatters: { log: (object) => redactKeepingError(object, redaction) },
    hooks: {
      logMethod(args, method) {
        const redact = (arg: unknown) =>
          typeof arg === 'string'
            ? redactText(arg, redaction)
            : arg instanceof Error
              ? redactKeepingError({ err: arg }, redaction).err
              : isRecord(arg)
                ? redactKeepingError(arg, redaction)
                : redactSecrets(arg, redaction);
        const redacted = args.map(redact);
        method.apply(this, redacted as Parameters<typeof method>);
      },
    },
  };
  const inner = destination ?? pino.destination(1);
  if (format === 'cloud-logging') {
    return pino(cloudLoggingOptions(pinoOptions, options), redactingDestination(inner, redaction));
  }
  if (format === 'pretty' && options.prettify) {
    return pino(pinoOptions, redactingDestination(inner, redaction, options.prettify));
  }
  return pino(pinoOptions, redactingDestination(inner, redaction));
}

/**
 * Google's mapping (severity, `message`, stack_trace for Error Reporting, serviceContext, trace fields), given the
 * project and version so it detects nothing at start. Its `timestamp` object is replaced by `time` in RFC 3339,
 * the other form Cloud Logging reads, so a line stays readable where it is printed.
 */
function cloudLoggingOptions(base: pino.LoggerOptions, options: LoggerOptions): pino.LoggerOptions {
  // Required here, not imported: it loads @google-cloud/logging (about 200 ms), which only production needs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createGcpLoggingPinoConfig } = require('@google-cloud/pino-logging-gcp-config') as typeof GcpLoggingConfig;
  const config = createGcpLoggingPinoConfig(
    {
      serviceContext: { service: 'convergence', ...(options.version ? { version: options.version } : {}) },
      traceGoogleCloudProjectId: options.projectId ?? '',
      inihibitDiagnosticMessage: true,
    },
    base,
  );
  return { ...config, timestamp: pino.stdTimeFunctions.isoTime };
}

/**
 * Redacted, but an `err` stays an Error (with its message and stack redacted): Google's formatter writes
 * `stack_trace` only for an Error, and pino's serializer then reports its type, message and stack.
 */
function redactKeepingError(object: Record<string, unknown>, redaction: RedactionOptions): Record<string, unknown> {
  const redacted = redactSecrets(object, redaction) as Record<string, unknown>;
  const original = object.err;
  if (!(original instanceof Error)) return redacted;
  return { ...redacted, err: rebuiltError(original, redacted.err) };
}

/** An Error again, from the original and its redacted copy: own fields kept, an Error cause rebuilt likewise. */
function rebuiltError(original: Error, copy: unknown): Error {
  const { name: _name, message, stack, cause, ...fields } = (copy ?? {}) as Record<string, unknown>;
  const err = Object.assign(new Error(typeof message === 'string' ? message : ''), fields);
  err.name = original.name;
  err.stack = typeof stack === 'string' ? stack : undefined;
  if (cause !== undefined) err.cause = original.cause instanceof Error ? rebuiltError(original.cause, cause) : cause;
  return err;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Error);

function redactingDestination(
  inner: DestinationStream,
  redaction: RedactionOptions,
  prettify: (line: string) => string = (line) => line,
): DestinationStream {
  const flushable = inner as DestinationStream & { flush?: (callback: (error?: Error) => void) => void };
  return {
    write: (line: string) => inner.write(prettify(redactLine(line, redaction))),
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
