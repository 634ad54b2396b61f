import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { describeDecodeErrors } from '../domain/decode-errors';
import {
  DEFAULT_DISPATCH_DEADLINE_SECONDS,
  DEFAULT_QUEUE_SETTINGS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type DispatchConfig,
} from './dispatch-config';
import { DispatchError } from './errors';

const matching = (pattern: RegExp, name: string) => t.refinement(t.string, (s) => pattern.test(s), name);
const numberIn = (min: number, max: number, name: string) =>
  t.refinement(t.number, (n) => Number.isFinite(n) && n >= min && n <= max, name);
const integerIn = (min: number, max: number, name: string) =>
  t.refinement(t.number, (n) => Number.isInteger(n) && n >= min && n <= max, name);

const ProjectId = matching(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'a GCP project id');
const Location = matching(/^[a-z][a-z0-9-]{1,62}$/, 'a Cloud Tasks location');
const QueueId = matching(/^[A-Za-z0-9-]{1,100}$/, 'a queue id ([A-Za-z0-9-], at most 100)');
const ServiceUrl = t.refinement(t.string, (s) => isHttpUrl(s), 'an http(s) URL without query or fragment');
const Email = matching(/^[^\s@]+@[^\s@]+$/, 'a service account email');

/** The shared secret is never echoed in a decode error, whatever is wrong with it. */
const SharedSecret = new t.Type<string, string, unknown>(
  'a shared secret',
  (value): value is string => typeof value === 'string',
  (value, context) =>
    typeof value === 'string' && value.length >= 32 && /^[A-Za-z0-9._~+/=-]+$/.test(value)
      ? t.success(value)
      : t.failure('[redacted]', context, 'expected at least 32 token characters (the value is not shown)'),
  (value) => value,
);

const Auth = t.union([
  t.intersection([
    t.type({ mode: t.literal('oidc'), serviceAccountEmail: Email }),
    t.partial({ audience: ServiceUrl }),
  ]),
  t.type({ mode: t.literal('shared-secret'), token: SharedSecret }),
]);

const Retry = t.partial({
  // 0 would reach Cloud Tasks as "unset" (proto3) and mean its default of 100.
  maxAttempts: t.refinement(
    t.number,
    (n) => Number.isInteger(n) && (n === -1 || (n >= 1 && n <= 1_000)),
    '-1 (unlimited) or an integer from 1 to 1000',
  ),
  minBackoffSeconds: numberIn(0, 3_600, 'seconds from 0 to 3600'),
  maxBackoffSeconds: numberIn(0, 3_600, 'seconds from 0 to 3600'),
  maxDoublings: integerIn(1, 16, 'an integer from 1 to 16 (0 cannot be sent: proto3 reads it as unset)'),
  maxRetryDurationSeconds: integerIn(0, 30 * 24 * 3_600, 'whole seconds from 0 (no limit) to 30 days'),
});

const RateLimits = t.partial({
  maxDispatchesPerSecond: t.refinement(
    t.number,
    (n) => Number.isFinite(n) && n > 0 && n <= 500,
    'a rate above 0, at most 500',
  ),
  maxConcurrentDispatches: integerIn(1, 5_000, 'an integer from 1 to 5000'),
});

const Input = t.intersection([
  t.type({ projectId: ProjectId, location: Location, queue: QueueId, serviceUrl: ServiceUrl, auth: Auth }),
  t.partial({
    dispatchDeadlineSeconds: integerIn(15, 1_800, 'whole seconds from 15 to 1800'),
    requestTimeoutMs: integerIn(100, 600_000, 'milliseconds from 100 to 600000'),
    queueSettings: t.partial({ retry: Retry, rateLimits: RateLimits }),
  }),
]);

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.search === '' &&
      url.hash === '' &&
      url.username === '' &&
      url.password === ''
    );
  } catch {
    return false;
  }
}

/** Decodes the adapter's configuration (from the environment or a file), naming every bad field at once. */
export function decodeDispatchConfig(input: unknown): E.Either<DispatchError, DispatchConfig> {
  return pipe(
    Input.decode(input),
    E.mapLeft((errors) => invalidConfig(describeDecodeErrors(errors))),
    E.map((decoded): DispatchConfig => {
      const serviceUrl = decoded.serviceUrl.replace(/\/+$/, '');
      return {
        projectId: decoded.projectId,
        location: decoded.location,
        queue: decoded.queue,
        serviceUrl,
        auth:
          decoded.auth.mode === 'oidc'
            ? {
                mode: 'oidc',
                serviceAccountEmail: decoded.auth.serviceAccountEmail,
                audience: decoded.auth.audience ?? serviceUrl,
              }
            : { mode: 'shared-secret', token: decoded.auth.token },
        dispatchDeadlineSeconds: decoded.dispatchDeadlineSeconds ?? DEFAULT_DISPATCH_DEADLINE_SECONDS,
        requestTimeoutMs: decoded.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
        queueSettings: {
          retry: { ...DEFAULT_QUEUE_SETTINGS.retry, ...definedOnly(decoded.queueSettings?.retry) },
          rateLimits: { ...DEFAULT_QUEUE_SETTINGS.rateLimits, ...definedOnly(decoded.queueSettings?.rateLimits) },
        },
      };
    }),
    E.chain((config) =>
      config.queueSettings.retry.minBackoffSeconds > config.queueSettings.retry.maxBackoffSeconds
        ? E.left(invalidConfig(['queueSettings.retry: minBackoffSeconds must not exceed maxBackoffSeconds']))
        : E.right(config),
    ),
  );
}

/** `{ maxAttempts: undefined }` means "not given", not "no value": it must not hide the default. */
function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, field]) => field !== undefined)) as Partial<T>;
}

function invalidConfig(problems: readonly string[]): DispatchError {
  return new DispatchError('INVALID_CONFIG', `Invalid dispatch configuration:\n  ${problems.join('\n  ')}`, {
    problems,
  });
}
