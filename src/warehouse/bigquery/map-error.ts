import type { WarehouseErrorCode } from '../warehouse';
import { WarehouseError } from '../warehouse';
import { redactMessage } from './redact';

/** Where a failure happened, for the message and details: never values, only names. */
export interface FailureContext {
  readonly operation: string;
  readonly jobId?: string;
  readonly resource?: string;
  /** Values sent with the request (query parameter values), blanked from server messages. */
  readonly sentValues?: () => Iterable<string>;
}

interface ErrorFacts {
  readonly status?: number;
  readonly reason?: string;
  readonly message: string;
  readonly networkCode?: string;
}

const REASON_CODES: Readonly<Record<string, WarehouseErrorCode>> = {
  notFound: 'NOT_FOUND',
  duplicate: 'ALREADY_EXISTS',
  invalidQuery: 'INVALID_QUERY',
  invalid: 'INVALID_QUERY',
  accessDenied: 'PERMISSION_DENIED',
  billingNotEnabled: 'PERMISSION_DENIED',
  stopped: 'CANCELLED',
  timeout: 'TIMEOUT',
  backendError: 'UNAVAILABLE',
  internalError: 'UNAVAILABLE',
  rateLimitExceeded: 'UNAVAILABLE',
  quotaExceeded: 'UNAVAILABLE',
  jobRateLimitExceeded: 'UNAVAILABLE',
};

const TIMEOUT_NETWORK_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'request-timeout', 'ABORT_ERR']);
const UNAVAILABLE_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'system',
]);

function codeFor(facts: ErrorFacts): WarehouseErrorCode {
  // BigQuery reports a job that exceeded jobTimeoutMs as stopped/timeout with this wording.
  if (/timed out|timeout exceeded|deadline exceeded/i.test(facts.message) && facts.status !== 404) return 'TIMEOUT';
  // Two DML statements on one table racing: transient by nature, the same statement may simply be retried.
  if (/concurrent update|could not serialize access/i.test(facts.message)) return 'UNAVAILABLE';
  if (facts.reason && REASON_CODES[facts.reason]) return REASON_CODES[facts.reason] as WarehouseErrorCode;
  if (facts.networkCode && TIMEOUT_NETWORK_CODES.has(facts.networkCode)) return 'TIMEOUT';
  if (facts.networkCode && UNAVAILABLE_NETWORK_CODES.has(facts.networkCode)) return 'UNAVAILABLE';
  const status = facts.status;
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'ALREADY_EXISTS';
  if (status === 400) return 'INVALID_QUERY';
  if (status === 401 || status === 403) return 'PERMISSION_DENIED';
  if (status === 408) return 'TIMEOUT';
  if (status === 429 || (status !== undefined && status >= 500)) return 'UNAVAILABLE';
  return 'UNKNOWN';
}

function readFacts(error: unknown): ErrorFacts {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const candidate = error as {
    code?: unknown;
    errors?: unknown;
    message?: unknown;
    reason?: unknown;
    type?: unknown;
    name?: unknown;
  };
  const firstInner = Array.isArray(candidate.errors)
    ? (candidate.errors[0] as { reason?: unknown; message?: unknown } | undefined)
    : undefined;
  const status = typeof candidate.code === 'number' ? candidate.code : undefined;
  const networkCode =
    typeof candidate.code === 'string'
      ? candidate.code
      : typeof candidate.type === 'string'
        ? candidate.type
        : candidate.name === 'AbortError'
          ? 'ABORT_ERR'
          : undefined;
  const reason =
    typeof firstInner?.reason === 'string'
      ? firstInner.reason
      : typeof candidate.reason === 'string'
        ? candidate.reason
        : undefined;
  const message =
    typeof firstInner?.message === 'string' && firstInner.message.length > 0
      ? firstInner.message
      : typeof candidate.message === 'string'
        ? candidate.message
        : 'no message';
  return { status, reason, message, networkCode };
}

/**
 * Maps anything the client or the server threw to a WarehouseError. The original error is deliberately not
 * kept as `cause`: the client's ApiError carries the request, and the request carries parameter values.
 */
export function toWarehouseError(error: unknown, context: FailureContext): WarehouseError {
  if (error instanceof WarehouseError) return error;
  const facts = readFacts(error);
  const code = codeFor(facts);
  const where = [context.operation, context.resource, context.jobId ? `job ${context.jobId}` : undefined]
    .filter(Boolean)
    .join(' ');
  const serverMessage = redactMessage(facts.message, context.sentValues?.() ?? []);
  return new WarehouseError(code, `${where}: ${code}${facts.reason ? ` (${facts.reason})` : ''}: ${serverMessage}`, {
    operation: context.operation,
    ...(context.resource ? { resource: context.resource } : {}),
    ...(context.jobId ? { jobId: context.jobId } : {}),
    ...(facts.status !== undefined ? { httpStatus: facts.status } : {}),
    ...(facts.reason ? { reason: facts.reason } : {}),
  });
}

/** A job that finished with an error result (status.errorResult) is mapped like an HTTP failure. */
export function jobFailure(
  errorResult: { readonly reason?: string; readonly message?: string },
  context: FailureContext,
): WarehouseError {
  return toWarehouseError({ errors: [errorResult], message: errorResult.message ?? 'job failed' }, context);
}

export function isWarehouseErrorCode(error: unknown, code: WarehouseErrorCode): boolean {
  return error instanceof WarehouseError && error.code === code;
}
