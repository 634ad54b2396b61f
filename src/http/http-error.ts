import { isAnsweredError, isConcurrencyConflict } from './answered-errors';
import { statusOf, type ApiErrorCode, type HttpStatus } from './error-codes';

/**
 * Every error the API answers with has this shape: `{ error: CODE, message, details?, request_id }`. The
 * status is the code's (STATUS_BY_CODE), never chosen at the throw site.
 */
export class HttpError extends Error {
  readonly status: HttpStatus;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    /** Response headers the refusal needs (e.g. `Retry-After` on a 429). */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = statusOf(code);
  }
}

/** Maps anything thrown by a use case to an HttpError; unknown failures become a bare 500 (no internals leak). */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (isConcurrencyConflict(error)) return new HttpError('CONFLICT', 'A concurrent change won; retry the request');
  if (isAnsweredError(error)) {
    const { details, problems } = error as { details?: unknown; problems?: unknown };
    return new HttpError(error.code, error.message, details ?? (Array.isArray(problems) ? { problems } : undefined));
  }
  return new HttpError('INTERNAL', 'An internal error occurred; the request id identifies it in the logs');
}
