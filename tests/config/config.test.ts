import { loadConfig } from '../../src/config/config';

describe('loadConfig', () => {
  it('needs no variable: every setting has an embedded default', () => {
    expect(loadConfig({})).toEqual({
      _tag: 'Right',
      right: {
        mode: 'local',
        port: 8080,
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
        rateLimits: { tenantPerMinute: 100, keyPerMinute: 60, runStartsPerMinute: 50, tenantCreationsPerMinute: 10, failedAuthPerMinute: 20 },
        trustProxyHops: 0,
        webhookAllowedHosts: [],
      },
    });
  });

  it('names every bad variable in one error', () => {
    const result = loadConfig({ PORT: 'eighty', CONVERGENCE_PARTITIONS: '0', LOG_LEVEL: 'loud', FIRESTORE_EMULATOR_HOST: 'nohost' });
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
    expect(limits.right.rateLimits).toEqual({ tenantPerMinute: 200, keyPerMinute: 30, runStartsPerMinute: 5, tenantCreationsPerMinute: 1, failedAuthPerMinute: 7 });
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
});
