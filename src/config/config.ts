import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { describeDecodeErrors } from '../domain/decode-errors';

/** Every setting is an environment variable with an embedded default, so the local start needs none. */
export interface Config {
  readonly port: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly projectId: string;
  /** Set by the operator to reuse a running emulator; the local start sets it to the one it launched. */
  readonly firestoreEmulatorHost: string | undefined;
  readonly partitions: number;
  readonly settleMs: number;
}

const IntFromString = (name: string, min: number, max: number) =>
  new t.Type<number, string, unknown>(
    name,
    (value): value is number => typeof value === 'number',
    (value, context) => {
      const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
      return Number.isInteger(n) && n >= min && n <= max ? t.success(n) : t.failure(value, context, `expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
    },
    String,
  );

const withDefault = <A, O>(codec: t.Type<A, O, unknown>, fallback: A) =>
  new t.Type<A, O, unknown>(codec.name, codec.is, (value, context) => (value === undefined || value === '' ? t.success(fallback) : codec.validate(value, context)), codec.encode);

const LogLevel = t.keyof({ fatal: null, error: null, warn: null, info: null, debug: null, trace: null, silent: null });
const ProjectId = t.refinement(t.string, (s) => /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(s), 'a GCP project id');
const HostPort = t.refinement(t.string, (s) => /^[\w.-]+:\d{1,5}$/.test(s), 'host:port');

const Environment = t.type({
  PORT: withDefault(IntFromString('PORT', 1, 65535), 8080),
  LOG_LEVEL: withDefault(LogLevel, 'info'),
  GOOGLE_CLOUD_PROJECT: withDefault(ProjectId, 'convergence-local'),
  FIRESTORE_EMULATOR_HOST: t.union([t.undefined, HostPort]),
  CONVERGENCE_PARTITIONS: withDefault(IntFromString('CONVERGENCE_PARTITIONS', 1, 256), 16),
  CONVERGENCE_SETTLE_MS: withDefault(IntFromString('CONVERGENCE_SETTLE_MS', 0, 60_000), 1_000),
});

export class InvalidConfig extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'InvalidConfig';
  }
}

/** Decodes the environment, accumulating every bad variable into one error that names each. */
export function loadConfig(env: NodeJS.ProcessEnv): E.Either<InvalidConfig, Config> {
  return pipe(
    Environment.decode(env),
    E.mapLeft((errors) => new InvalidConfig(describeDecodeErrors(errors))),
    E.map((decoded) => ({
      port: decoded.PORT,
      logLevel: decoded.LOG_LEVEL,
      projectId: decoded.GOOGLE_CLOUD_PROJECT,
      firestoreEmulatorHost: decoded.FIRESTORE_EMULATOR_HOST,
      partitions: decoded.CONVERGENCE_PARTITIONS,
      settleMs: decoded.CONVERGENCE_SETTLE_MS,
    })),
  );
}
