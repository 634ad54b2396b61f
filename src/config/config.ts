import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { isIP } from 'node:net';
import { describeDecodeErrors } from '../domain/decode-errors';
import { productionProblems } from './production-guard';

/**
 * Every setting is an environment variable with an embedded default, so the local start needs none. In
 * `production` mode the secrets and the Google endpoints must be given (nothing is generated).
 */
export interface Config {
  readonly mode: 'local' | 'production';
  readonly port: number;
  /** Where HTTP listens: 127.0.0.1 locally (this machine only), 0.0.0.0 in production (Cloud Run needs it). */
  readonly bindAddress: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly projectId: string;
  /** Set by the operator to reuse a running emulator; the local start sets it to the one it launched. */
  readonly firestoreEmulatorHost: string | undefined;
  readonly partitions: number;
  readonly settleMs: number;
  /** How often every partition of the live projections is caught up, besides Eventarc's doorbell (0 = never). */
  readonly projectionCatchUpMs: number;
  /** Where the local start keeps its warehouse file and generated secrets (git-ignored). */
  readonly dataDir: string;
  readonly configsDir: string;
  readonly bodyLimitBytes: number;
  /** `local`: the BigQuery-compatible endpoint on DuckDB; `bigquery`: Google BigQuery. */
  readonly warehouse: 'local' | 'bigquery';
  readonly bigqueryLocation: string;
  /** Unset locally: generated once and kept in the data directory. */
  readonly adminKey: string | undefined;
  readonly apiKeyPepper: string | undefined;
  readonly localKek: string | undefined;
  readonly kmsKeyName: string | undefined;
  /** `host:port` of a Cloud KMS stand-in (src/local/kms, for smoke tests) to use instead of Google. */
  readonly kmsEmulatorHost: string | undefined;
  readonly serviceToken: string | undefined;
  readonly oidcAudience: string | undefined;
  readonly oidcServiceAccounts: readonly string[];
  /**
   * Where Google ID tokens' signing certificates are fetched (PEM, `{kid: pem}`); unset = Google's. Like the emulator
   * variables it is refused in production except for a smoke test off Cloud Run (tokens signed by a test key).
   */
  readonly oidcCertsUrl: string | undefined;
  readonly tasksLocation: string;
  readonly tasksQueue: string;
  /** `host:port` of a Cloud Tasks stand-in to use instead of Google (the local start starts its own). */
  readonly tasksEmulatorHost: string | undefined;
  /** The URL Cloud Tasks calls back (production: the Cloud Run URL); locally http://127.0.0.1:PORT. */
  readonly serviceUrl: string | undefined;
  /** The service account whose OIDC token Cloud Tasks sends (production). */
  readonly tasksServiceAccount: string | undefined;
  /** Fire the three scheduler jobs on their crons in-process (the local stand-in for Cloud Scheduler). */
  readonly localScheduler: boolean;
  /** Bootstrap, onboard demo tenants with schedules and sample billing data on a first local start. */
  readonly demo: boolean;
  /** `host` / `host:port` entries webhooks may reach although internal (or over plain http); lowercase. */
  readonly webhookAllowedHosts: readonly string[];
  /** Per minute, per instance (docs/security.md). */
  readonly rateLimits: {
    readonly tenantPerMinute: number;
    readonly keyPerMinute: number;
    readonly runStartsPerMinute: number;
    readonly tenantCreationsPerMinute: number;
    readonly failedAuthPerMinute: number;
  };
  /** Proxies whose X-Forwarded-For entry express trusts for `req.ip` (Cloud Run: 1, its front end). */
  readonly trustProxyHops: number;
}

const IntFromString = (name: string, min: number, max: number) =>
  new t.Type<number, string, unknown>(
    name,
    (value): value is number => typeof value === 'number',
    (value, context) => {
      const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
      return Number.isInteger(n) && n >= min && n <= max
        ? t.success(n)
        : t.failure(value, context, `expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
    },
    String,
  );

const withDefault = <A, O>(codec: t.Type<A, O, unknown>, fallback: A) =>
  new t.Type<A, O, unknown>(
    codec.name,
    codec.is,
    (value, context) => (value === undefined || value === '' ? t.success(fallback) : codec.validate(value, context)),
    codec.encode,
  );

/** A secret: its value is never echoed in a configuration error. */
const Secret = (name: string, test: (s: string) => boolean, expected: string) =>
  new t.Type<string | undefined, string | undefined, unknown>(
    name,
    (value): value is string | undefined => value === undefined || typeof value === 'string',
    (value, context) =>
      value === undefined || value === ''
        ? t.success(undefined)
        : typeof value === 'string' && test(value)
          ? t.success(value)
          : t.failure('[redacted]', context, `expected ${expected} (the value is not shown)`),
    (value) => value,
  );
const LongSecret = (name: string, minLength: number) =>
  Secret(name, (s) => s.length >= minLength, `at least ${minLength} characters`);

const Optional = <A, O>(codec: t.Type<A, O, unknown>) =>
  new t.Type<A | undefined, O | undefined, unknown>(
    codec.name,
    (value): value is A | undefined => value === undefined || codec.is(value),
    (value, context) => (value === undefined || value === '' ? t.success(undefined) : codec.validate(value, context)),
    (value) => (value === undefined ? undefined : codec.encode(value)),
  );

const PerMinute = (name: string) => IntFromString(name, 1, 1_000_000);
const LogLevel = t.keyof({ fatal: null, error: null, warn: null, info: null, debug: null, trace: null, silent: null });
const ProjectId = t.refinement(t.string, (s) => /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(s), 'a GCP project id');
const IpAddress = t.refinement(t.string, (s) => isIP(s) !== 0, 'an IP address such as 127.0.0.1 or 0.0.0.0');
const HostPort = t.refinement(t.string, (s) => /^[\w.-]+:\d{1,5}$/.test(s), 'host:port');
const KmsKeyName = t.refinement(
  t.string,
  (s) => /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/.test(s),
  'projects/P/locations/L/keyRings/R/cryptoKeys/K',
);
const Url = t.refinement(t.string, (s) => /^https?:\/\/\S+$/.test(s), 'an http(s) URL');
// A DNS name or IPv4 literal, or a bracketed IPv6 literal, with an optional port.
const ALLOWED_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const HostList = t.refinement(
  t.string,
  (s) => s.split(',').every((h) => ALLOWED_HOST.test(h.trim())),
  'comma-separated host[:port] entries',
);
const EmailList = t.refinement(
  t.string,
  (s) => s.split(',').every((e) => /^[^\s@,]+@[^\s@,]+$/.test(e.trim())),
  'comma-separated service account emails',
);

const Environment = t.type({
  CONVERGENCE_MODE: withDefault(t.keyof({ local: null, production: null }), 'local'),
  PORT: withDefault(IntFromString('PORT', 1, 65535), 8080),
  CONVERGENCE_BIND_ADDRESS: Optional(IpAddress),
  LOG_LEVEL: withDefault(LogLevel, 'info'),
  GOOGLE_CLOUD_PROJECT: withDefault(ProjectId, 'convergence-local'),
  FIRESTORE_EMULATOR_HOST: Optional(HostPort),
  // Only validated here: productionProblems (production-guard.ts) is the one reader.
  CONVERGENCE_ALLOW_EMULATORS_IN_PRODUCTION: withDefault(t.keyof({ true: null, false: null }), 'false'),
  CONVERGENCE_PARTITIONS: withDefault(IntFromString('CONVERGENCE_PARTITIONS', 1, 256), 16),
  CONVERGENCE_SETTLE_MS: withDefault(IntFromString('CONVERGENCE_SETTLE_MS', 0, 60_000), 1_000),
  CONVERGENCE_PROJECTION_CATCHUP_MS: withDefault(
    IntFromString('CONVERGENCE_PROJECTION_CATCHUP_MS', 0, 3_600_000),
    30_000,
  ),
  CONVERGENCE_DATA_DIR: withDefault(t.string, '.convergence'),
  CONVERGENCE_CONFIGS_DIR: withDefault(t.string, 'configs'),
  CONVERGENCE_BODY_LIMIT_KB: withDefault(IntFromString('CONVERGENCE_BODY_LIMIT_KB', 1, 10_240), 256),
  CONVERGENCE_WAREHOUSE: withDefault(t.keyof({ local: null, bigquery: null }), 'local'),
  BIGQUERY_LOCATION: withDefault(
    t.refinement(t.string, (s) => /^[A-Za-z0-9-]{2,30}$/.test(s), 'a BigQuery location'),
    'US',
  ),
  CONVERGENCE_ADMIN_KEY: LongSecret('CONVERGENCE_ADMIN_KEY', 32),
  CONVERGENCE_API_KEY_PEPPER: LongSecret('CONVERGENCE_API_KEY_PEPPER', 32),
  CONVERGENCE_KEK: Secret('CONVERGENCE_KEK', (s) => /^[A-Za-z0-9+/]{43}=$/.test(s), 'base64 of 32 bytes'),
  CONVERGENCE_KMS_KEY: Optional(KmsKeyName),
  CLOUD_KMS_EMULATOR_HOST: Optional(HostPort),
  CONVERGENCE_SERVICE_TOKEN: LongSecret('CONVERGENCE_SERVICE_TOKEN', 32),
  CONVERGENCE_OIDC_AUDIENCE: Optional(Url),
  CONVERGENCE_OIDC_SERVICE_ACCOUNTS: Optional(EmailList),
  CONVERGENCE_OIDC_CERTS_URL: Optional(Url),
  CLOUD_TASKS_LOCATION: withDefault(
    t.refinement(t.string, (s) => /^[a-z0-9-]{2,40}$/.test(s), 'a Cloud Tasks location'),
    'us-central1',
  ),
  CLOUD_TASKS_QUEUE: withDefault(
    t.refinement(t.string, (s) => /^[A-Za-z0-9-]{1,100}$/.test(s), 'a queue id'),
    'convergence-runs',
  ),
  CLOUD_TASKS_EMULATOR_HOST: Optional(HostPort),
  CONVERGENCE_SERVICE_URL: Optional(Url),
  CONVERGENCE_TASKS_SERVICE_ACCOUNT: Optional(
    t.refinement(t.string, (s) => /^[^\s@]+@[^\s@]+$/.test(s), 'a service account email'),
  ),
  CONVERGENCE_LOCAL_SCHEDULER: withDefault(t.keyof({ on: null, off: null }), 'on'),
  CONVERGENCE_DEMO: withDefault(t.keyof({ on: null, off: null }), 'on'),
  CONVERGENCE_WEBHOOK_ALLOWED_HOSTS: Optional(HostList),
  CONVERGENCE_RATE_LIMIT_TENANT_PER_MIN: withDefault(PerMinute('CONVERGENCE_RATE_LIMIT_TENANT_PER_MIN'), 100),
  CONVERGENCE_RATE_LIMIT_KEY_PER_MIN: withDefault(PerMinute('CONVERGENCE_RATE_LIMIT_KEY_PER_MIN'), 60),
  CONVERGENCE_RATE_LIMIT_RUN_STARTS_PER_MIN: withDefault(PerMinute('CONVERGENCE_RATE_LIMIT_RUN_STARTS_PER_MIN'), 50),
  CONVERGENCE_RATE_LIMIT_TENANT_CREATIONS_PER_MIN: withDefault(
    PerMinute('CONVERGENCE_RATE_LIMIT_TENANT_CREATIONS_PER_MIN'),
    10,
  ),
  CONVERGENCE_RATE_LIMIT_FAILED_AUTH_PER_MIN: withDefault(PerMinute('CONVERGENCE_RATE_LIMIT_FAILED_AUTH_PER_MIN'), 20),
  // Unset: 1 in production (Cloud Run's front end), 0 locally (nothing in front; a forged header is not trusted).
  CONVERGENCE_TRUST_PROXY_HOPS: Optional(IntFromString('CONVERGENCE_TRUST_PROXY_HOPS', 0, 10)),
});

export class InvalidConfig extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'InvalidConfig';
  }
}

/** Decodes the environment, accumulating every bad variable (and every production refusal) into one error. */
export function loadConfig(env: NodeJS.ProcessEnv): E.Either<InvalidConfig, Config> {
  const decoded = Environment.decode(env);
  const problems = [...(E.isLeft(decoded) ? describeDecodeErrors(decoded.left) : []), ...productionProblems(env)];
  if (problems.length > 0 || E.isLeft(decoded)) return E.left(new InvalidConfig(problems));
  const d = decoded.right;
  return E.right({
    mode: d.CONVERGENCE_MODE,
    port: d.PORT,
    bindAddress: d.CONVERGENCE_BIND_ADDRESS ?? (d.CONVERGENCE_MODE === 'production' ? '0.0.0.0' : '127.0.0.1'),
    logLevel: d.LOG_LEVEL,
    projectId: d.GOOGLE_CLOUD_PROJECT,
    firestoreEmulatorHost: d.FIRESTORE_EMULATOR_HOST,
    partitions: d.CONVERGENCE_PARTITIONS,
    settleMs: d.CONVERGENCE_SETTLE_MS,
    projectionCatchUpMs: d.CONVERGENCE_PROJECTION_CATCHUP_MS,
    dataDir: d.CONVERGENCE_DATA_DIR,
    configsDir: d.CONVERGENCE_CONFIGS_DIR,
    bodyLimitBytes: d.CONVERGENCE_BODY_LIMIT_KB * 1024,
    warehouse: d.CONVERGENCE_WAREHOUSE,
    bigqueryLocation: d.BIGQUERY_LOCATION,
    adminKey: d.CONVERGENCE_ADMIN_KEY,
    apiKeyPepper: d.CONVERGENCE_API_KEY_PEPPER,
    localKek: d.CONVERGENCE_KEK,
    kmsKeyName: d.CONVERGENCE_KMS_KEY,
    kmsEmulatorHost: d.CLOUD_KMS_EMULATOR_HOST,
    serviceToken: d.CONVERGENCE_SERVICE_TOKEN,
    oidcAudience: d.CONVERGENCE_OIDC_AUDIENCE,
    oidcCertsUrl: d.CONVERGENCE_OIDC_CERTS_URL,
    oidcServiceAccounts: d.CONVERGENCE_OIDC_SERVICE_ACCOUNTS
      ? d.CONVERGENCE_OIDC_SERVICE_ACCOUNTS.split(',').map((s) => s.trim())
      : [],
    tasksLocation: d.CLOUD_TASKS_LOCATION,
    tasksQueue: d.CLOUD_TASKS_QUEUE,
    tasksEmulatorHost: d.CLOUD_TASKS_EMULATOR_HOST,
    serviceUrl: d.CONVERGENCE_SERVICE_URL,
    tasksServiceAccount: d.CONVERGENCE_TASKS_SERVICE_ACCOUNT,
    // Cloud Scheduler and the demo data belong to local runs only.
    localScheduler: d.CONVERGENCE_MODE === 'local' && d.CONVERGENCE_LOCAL_SCHEDULER === 'on',
    demo: d.CONVERGENCE_MODE === 'local' && d.CONVERGENCE_DEMO === 'on',
    webhookAllowedHosts: d.CONVERGENCE_WEBHOOK_ALLOWED_HOSTS
      ? d.CONVERGENCE_WEBHOOK_ALLOWED_HOSTS.split(',').map((h) => h.trim().toLowerCase())
      : [],
    rateLimits: {
      tenantPerMinute: d.CONVERGENCE_RATE_LIMIT_TENANT_PER_MIN,
      keyPerMinute: d.CONVERGENCE_RATE_LIMIT_KEY_PER_MIN,
      runStartsPerMinute: d.CONVERGENCE_RATE_LIMIT_RUN_STARTS_PER_MIN,
      tenantCreationsPerMinute: d.CONVERGENCE_RATE_LIMIT_TENANT_CREATIONS_PER_MIN,
      failedAuthPerMinute: d.CONVERGENCE_RATE_LIMIT_FAILED_AUTH_PER_MIN,
    },
    trustProxyHops: d.CONVERGENCE_TRUST_PROXY_HOPS ?? (d.CONVERGENCE_MODE === 'production' ? 1 : 0),
  });
}
