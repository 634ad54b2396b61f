import { loadConfig } from '../../src/config/config';

describe('loadConfig', () => {
  it('needs no variable: every setting has an embedded default', () => {
    expect(loadConfig({})).toEqual({
      _tag: 'Right',
      right: {
        mode: 'local',
        port: 8080,
        bindAddress: '127.0.0.1',
        logLevel: 'info',
        projectId: 'convergence-local',
        firestoreEmulatorHost: undefined,
        partitions: 16,
        settleMs: 1000,
        projectionCatchUpMs: 30_000,
        dataDir: '.convergence',
        configsDir: 'configs',
        bodyLimitBytes: 256 * 1024,
        warehouse: 'local',
        bigqueryLocation: 'US',
        adminKey: undefined,
        apiKeyPepper: undefined,
        localKek: undefined,
        kmsKeyName: undefined,
        kmsEmulatorHost: undefined,
        serviceToken: undefined,
        oidcAudience: undefined,
        oidcServiceAccounts: [],
        tasksLocation: 'us-central1',
        tasksQueue: 'convergence-runs',
        tasksEmulatorHost: undefined,
        serviceUrl: undefined,
        tasksServiceAccount: undefined,
        localScheduler: true,
        demo: true,
        rateLimits: {
          tenantPerMinute: 100,
          keyPerMinute: 60,
          runStartsPerMinute: 50,
          tenantCreationsPerMinute: 10,
          failedAuthPerMinute: 20,
        },
        trustProxyHops: 0,
        webhookAllowedHosts: [],
      },
    });
  });

  it('names every bad variable in one error', () => {
    const result = loadConfig({
      PORT: 'eighty',
      CONVERGENCE_PARTITIONS: '0',
      LOG_LEVEL: 'loud',
      FIRESTORE_EMULATOR_HOST: 'nohost',
    });
    if (result._tag === 'Right') throw new Error('expected a failure');
    expect(result.left.code).toBe('INVALID_CONFIG');
    expect(result.left.problems).toEqual([
      'PORT: expected an integer from 1 to 65535, got "eighty"',
      'LOG_LEVEL: expected "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent", got "loud"',
      'FIRESTORE_EMULATOR_HOST: expected host:port, got "nohost"',
      'CONVERGENCE_PARTITIONS: expected an integer from 1 to 256, got "0"',
    ]);
  });

  it('decodes the rate limits and the trusted proxy hops, naming a bad one', () => {
    const limits = loadConfig({
      CONVERGENCE_RATE_LIMIT_TENANT_PER_MIN: '200',
      CONVERGENCE_RATE_LIMIT_KEY_PER_MIN: '30',
      CONVERGENCE_RATE_LIMIT_RUN_STARTS_PER_MIN: '5',
      CONVERGENCE_RATE_LIMIT_TENANT_CREATIONS_PER_MIN: '1',
      CONVERGENCE_RATE_LIMIT_FAILED_AUTH_PER_MIN: '7',
      CONVERGENCE_TRUST_PROXY_HOPS: '2',
    });
    if (limits._tag === 'Left') throw new Error(limits.left.message);
    expect(limits.right.rateLimits).toEqual({
      tenantPerMinute: 200,
      keyPerMinute: 30,
      runStartsPerMinute: 5,
      tenantCreationsPerMinute: 1,
      failedAuthPerMinute: 7,
    });
    expect(limits.right.trustProxyHops).toBe(2);

    const bad = loadConfig({ CONVERGENCE_RATE_LIMIT_TENANT_PER_MIN: '0', CONVERGENCE_TRUST_PROXY_HOPS: 'all' });
    if (bad._tag === 'Right') throw new Error('expected a failure');
    expect(bad.left.problems).toEqual([
      'CONVERGENCE_RATE_LIMIT_TENANT_PER_MIN: expected an integer from 1 to 1000000, got "0"',
      'CONVERGENCE_TRUST_PROXY_HOPS: expected an integer from 0 to 10, got "all"',
    ]);
  });

  it('never echoes a secret it refuses', () => {
    const result = loadConfig({ CONVERGENCE_ADMIN_KEY: 'short-admin-key', CONVERGENCE_KEK: 'not-base64-kek-value' });
    if (result._tag === 'Right') throw new Error('expected a failure');
    expect(result.left.problems).toEqual([
      'CONVERGENCE_ADMIN_KEY: expected at least 32 characters (the value is not shown)',
      'CONVERGENCE_KEK: expected base64 of 32 bytes (the value is not shown)',
    ]);
    expect(result.left.message).not.toContain('short-admin-key');
    expect(result.left.message).not.toContain('not-base64-kek-value');
  });

  it('in production generates nothing: every missing secret and endpoint is named', () => {
    const result = loadConfig({ CONVERGENCE_MODE: 'production' });
    if (result._tag === 'Right') throw new Error('expected a failure');
    expect(result.left.problems).toEqual([
      'CONVERGENCE_ADMIN_KEY: required when CONVERGENCE_MODE=production',
      'CONVERGENCE_API_KEY_PEPPER: required when CONVERGENCE_MODE=production',
      'CONVERGENCE_KMS_KEY: required when CONVERGENCE_MODE=production',
      'CONVERGENCE_OIDC_AUDIENCE: required when CONVERGENCE_MODE=production',
      'CONVERGENCE_OIDC_SERVICE_ACCOUNTS: required when CONVERGENCE_MODE=production',
      'CONVERGENCE_SERVICE_URL: required when CONVERGENCE_MODE=production',
      'CONVERGENCE_TASKS_SERVICE_ACCOUNT: required when CONVERGENCE_MODE=production',
      'CONVERGENCE_WAREHOUSE: must be bigquery when CONVERGENCE_MODE=production',
    ]);
  });

  it('binds 127.0.0.1 locally and 0.0.0.0 in production unless CONVERGENCE_BIND_ADDRESS says otherwise', () => {
    expect(loadConfig({})).toMatchObject({ right: { bindAddress: '127.0.0.1' } });
    expect(loadConfig({ CONVERGENCE_BIND_ADDRESS: '0.0.0.0' })).toMatchObject({ right: { bindAddress: '0.0.0.0' } });
    expect(loadConfig(PRODUCTION)).toMatchObject({ right: { mode: 'production', bindAddress: '0.0.0.0' } });
    expect(loadConfig({ CONVERGENCE_BIND_ADDRESS: 'everywhere' })).toMatchObject({
      left: {
        problems: ['CONVERGENCE_BIND_ADDRESS: expected an IP address such as 127.0.0.1 or 0.0.0.0, got "everywhere"'],
      },
    });
  });

  it('on Cloud Run refuses to start as local, naming every offending variable in one message', () => {
    const result = loadConfig({
      K_SERVICE: 'convergence',
      CONVERGENCE_SERVICE_TOKEN: SERVICE_TOKEN,
      FIRESTORE_EMULATOR_HOST: '10.0.0.9:8181',
      PORT: 'eighty',
    });
    if (result._tag === 'Right') throw new Error('expected a failure');
    expect(result.left.code).toBe('INVALID_CONFIG');
    expect(result.left.problems).toEqual([
      'PORT: expected an integer from 1 to 65535, got "eighty"',
      'CONVERGENCE_MODE: unset on Cloud Run (K_SERVICE is set) would mean local; set CONVERGENCE_MODE=production',
      ...REQUIRED.map((name) => `${name}: required when CONVERGENCE_MODE=production`),
      'CONVERGENCE_WAREHOUSE: must be bigquery when CONVERGENCE_MODE=production',
      SHARED_SECRET_REFUSED,
      emulatorRefused('FIRESTORE_EMULATOR_HOST'),
    ]);
    expect(result.left.message).not.toContain(SERVICE_TOKEN);
    expect(result.left.message).not.toContain('10.0.0.9');
  });

  it('on Cloud Run refuses an explicit CONVERGENCE_MODE=local even with every production setting given', () => {
    expect(loadConfig({ ...PRODUCTION, K_SERVICE: 'convergence', CONVERGENCE_MODE: 'local' })).toMatchObject({
      left: {
        problems: [
          'CONVERGENCE_MODE: local is refused on Cloud Run (K_SERVICE is set); set CONVERGENCE_MODE=production',
        ],
      },
    });
    expect(loadConfig({ ...PRODUCTION, K_SERVICE: 'convergence' })).toMatchObject({ right: { mode: 'production' } });
  });

  it('in production refuses the local-only secrets and every emulator variable, quoting no value', () => {
    const local = { CONVERGENCE_WAREHOUSE: 'local', CONVERGENCE_SERVICE_TOKEN: SERVICE_TOKEN, CONVERGENCE_KEK: KEK };
    const result = loadConfig({ ...PRODUCTION, ...EMULATORS, ...local });
    if (result._tag === 'Right') throw new Error('expected a failure');
    expect(result.left.problems).toEqual([
      'CONVERGENCE_WAREHOUSE: must be bigquery when CONVERGENCE_MODE=production',
      SHARED_SECRET_REFUSED,
      'CONVERGENCE_KEK: a key-encryption key in configuration is local only (production uses CONVERGENCE_KMS_KEY); ' +
        'refused in production (unset it)',
      ...EMULATOR_NAMES.map(emulatorRefused),
    ]);
    for (const value of [SERVICE_TOKEN, KEK, ...Object.values(EMULATORS)]) {
      expect(result.left.message).not.toContain(value);
    }
  });

  it('reads CLOUD_KMS_EMULATOR_HOST as host:port, and refuses it alone in production without the hatch', () => {
    expect(loadConfig({ CLOUD_KMS_EMULATOR_HOST: '127.0.0.1:8124' })).toMatchObject({
      right: { kmsEmulatorHost: '127.0.0.1:8124' },
    });
    expect(loadConfig({ CLOUD_KMS_EMULATOR_HOST: 'kms' })).toMatchObject({
      left: { problems: ['CLOUD_KMS_EMULATOR_HOST: expected host:port, got "kms"'] },
    });
    const result = loadConfig({ ...PRODUCTION, CLOUD_KMS_EMULATOR_HOST: '10.1.2.3:8124' });
    if (result._tag === 'Right') throw new Error('expected a failure');
    expect(result.left.problems).toEqual([emulatorRefused('CLOUD_KMS_EMULATOR_HOST')]);
    expect(result.left.message).not.toContain('10.1.2.3');
  });

  it('admits emulators in production only with CONVERGENCE_ALLOW_EMULATORS_IN_PRODUCTION, never on Cloud Run', () => {
    const hatch = { CONVERGENCE_ALLOW_EMULATORS_IN_PRODUCTION: 'true' };
    expect(loadConfig({ ...PRODUCTION, ...EMULATORS, ...hatch })).toMatchObject({
      right: {
        mode: 'production',
        firestoreEmulatorHost: '127.0.0.1:8181',
        tasksEmulatorHost: '127.0.0.1:8123',
        kmsEmulatorHost: '127.0.0.1:8124',
      },
    });
    expect(loadConfig({ ...PRODUCTION, ...EMULATORS, ...hatch, K_SERVICE: 'convergence' })).toMatchObject({
      left: {
        problems: [
          'CONVERGENCE_ALLOW_EMULATORS_IN_PRODUCTION: refused on Cloud Run (K_SERVICE is set)',
          ...EMULATOR_NAMES.map(emulatorRefused),
        ],
      },
    });
    const misspelt = loadConfig({ ...PRODUCTION, ...EMULATORS, CONVERGENCE_ALLOW_EMULATORS_IN_PRODUCTION: 'yes' });
    expect(misspelt).toMatchObject({
      left: {
        problems: [
          'CONVERGENCE_ALLOW_EMULATORS_IN_PRODUCTION: expected "true" | "false", got "yes"',
          ...EMULATOR_NAMES.map(emulatorRefused),
        ],
      },
    });
  });
});

const SERVICE_TOKEN = 'shared-service-token-value-0123456789abcdef';
const KEK = Buffer.alloc(32, 7).toString('base64');
const REQUIRED = [
  'CONVERGENCE_ADMIN_KEY',
  'CONVERGENCE_API_KEY_PEPPER',
  'CONVERGENCE_KMS_KEY',
  'CONVERGENCE_OIDC_AUDIENCE',
  'CONVERGENCE_OIDC_SERVICE_ACCOUNTS',
  'CONVERGENCE_SERVICE_URL',
  'CONVERGENCE_TASKS_SERVICE_ACCOUNT',
];
/** Every setting production requires, none of the local-only ones. */
const PRODUCTION = {
  CONVERGENCE_MODE: 'production',
  CONVERGENCE_ADMIN_KEY: 'admin-key-of-at-least-32-characters-000',
  CONVERGENCE_API_KEY_PEPPER: 'pepper-of-at-least-32-characters-000000',
  CONVERGENCE_KMS_KEY: 'projects/p/locations/global/keyRings/r/cryptoKeys/k',
  CONVERGENCE_OIDC_AUDIENCE: 'https://convergence.example.run.app',
  CONVERGENCE_OIDC_SERVICE_ACCOUNTS: 'scheduler@p.iam.gserviceaccount.com',
  CONVERGENCE_SERVICE_URL: 'https://convergence.example.run.app',
  CONVERGENCE_TASKS_SERVICE_ACCOUNT: 'tasks@p.iam.gserviceaccount.com',
  CONVERGENCE_WAREHOUSE: 'bigquery',
};
const EMULATORS = {
  FIRESTORE_EMULATOR_HOST: '127.0.0.1:8181',
  CLOUD_TASKS_EMULATOR_HOST: '127.0.0.1:8123',
  CLOUD_KMS_EMULATOR_HOST: '127.0.0.1:8124',
  BIGQUERY_EMULATOR_HOST: 'http://127.0.0.1:9050',
};
const EMULATOR_NAMES = Object.keys(EMULATORS);
const SHARED_SECRET_REFUSED =
  'CONVERGENCE_SERVICE_TOKEN: shared-secret service auth is local only (production verifies Google OIDC tokens); ' +
  'refused in production (unset it)';
const emulatorRefused = (name: string) =>
  `${name}: points a Google client at an emulator; refused in production ` +
  '(CONVERGENCE_ALLOW_EMULATORS_IN_PRODUCTION=true allows it off Cloud Run, for smoke tests)';
