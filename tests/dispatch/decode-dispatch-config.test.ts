import * as E from 'fp-ts/Either';
import {
  DEFAULT_QUEUE_SETTINGS,
  decodeDispatchConfig,
  type DispatchConfig,
  type DispatchError,
} from '../../src/dispatch';

const SECRET = 's3cret-token-that-is-long-enough-0123456789';
const minimal = {
  projectId: 'convergence-prod',
  location: 'europe-west1',
  queue: 'pipeline-runs',
  serviceUrl: 'https://convergence.example.run.app/',
  auth: { mode: 'oidc', serviceAccountEmail: 'tasks@convergence-prod.iam.gserviceaccount.com' },
};

function decoded(input: unknown): DispatchConfig {
  const result = decodeDispatchConfig(input);
  if (E.isLeft(result)) throw new Error(`expected a config, got ${result.left.message}`);
  return result.right;
}

function problems(input: unknown): DispatchError {
  const result = decodeDispatchConfig(input);
  if (E.isRight(result)) throw new Error('expected the config to be refused');
  return result.left;
}

describe('decodeDispatchConfig', () => {
  it('fills in defaults and uses the service URL (without trailing slash) as the OIDC audience', () => {
    const config = decoded(minimal);
    expect(config.serviceUrl).toBe('https://convergence.example.run.app');
    expect(config.auth).toEqual({
      mode: 'oidc',
      serviceAccountEmail: 'tasks@convergence-prod.iam.gserviceaccount.com',
      audience: 'https://convergence.example.run.app',
    });
    expect(config.dispatchDeadlineSeconds).toBe(600);
    expect(config.requestTimeoutMs).toBe(10_000);
    expect(config.queueSettings).toEqual(DEFAULT_QUEUE_SETTINGS);
  });

  it('keeps given settings and defaults the rest, also when a field is present but undefined', () => {
    const config = decoded({
      ...minimal,
      dispatchDeadlineSeconds: 1800,
      queueSettings: {
        retry: { maxAttempts: -1, maxDoublings: undefined },
        rateLimits: { maxConcurrentDispatches: 3 },
      },
    });
    expect(config.dispatchDeadlineSeconds).toBe(1800);
    expect(config.queueSettings.retry).toEqual({ ...DEFAULT_QUEUE_SETTINGS.retry, maxAttempts: -1 });
    expect(config.queueSettings.rateLimits).toEqual({
      ...DEFAULT_QUEUE_SETTINGS.rateLimits,
      maxConcurrentDispatches: 3,
    });
  });

  it('accepts a shared secret for local runs', () => {
    expect(
      decoded({ ...minimal, serviceUrl: 'http://127.0.0.1:8080', auth: { mode: 'shared-secret', token: SECRET } }).auth,
    ).toEqual({ mode: 'shared-secret', token: SECRET });
  });

  it('names every bad field with its path', () => {
    const error = problems({
      ...minimal,
      queue: 'bad_queue',
      serviceUrl: 'ftp://x',
      dispatchDeadlineSeconds: 5,
      queueSettings: { retry: { maxAttempts: 0, maxDoublings: 0 }, rateLimits: { maxDispatchesPerSecond: 501 } },
    });
    expect(error.code).toBe('INVALID_CONFIG');
    const listed = (error.details?.problems ?? []) as string[];
    expect(listed.map((line) => line.split(':')[0])).toEqual(
      expect.arrayContaining([
        'queue',
        'serviceUrl',
        'dispatchDeadlineSeconds',
        'queueSettings.retry.maxAttempts',
        'queueSettings.retry.maxDoublings',
        'queueSettings.rateLimits.maxDispatchesPerSecond',
      ]),
    );
    expect(listed).toHaveLength(6);
  });

  it('never repeats the shared secret in an error', () => {
    const short = 'short-secret-value';
    const error = problems({ ...minimal, auth: { mode: 'shared-secret', token: short } });
    expect(error.message).toContain('auth');
    expect(error.message).not.toContain(short);
    expect(JSON.stringify(error.details)).not.toContain(short);
  });

  it('refuses a min backoff above the max backoff', () => {
    expect(
      problems({ ...minimal, queueSettings: { retry: { minBackoffSeconds: 60, maxBackoffSeconds: 30 } } }).message,
    ).toContain('minBackoffSeconds must not exceed maxBackoffSeconds');
  });
});
