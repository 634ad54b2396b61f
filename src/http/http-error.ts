/** Every error the API answers with has this shape: `{ error: CODE, message, details?, request_id }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Response headers the refusal needs (e.g. `Retry-After` on a 429). */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Domain and store error codes, and the HTTP status each one means. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  TENANT_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  CREDENTIAL_NOT_FOUND: 404,
  SCHEDULE_NOT_FOUND: 404,
  PIPELINE_NOT_FOUND: 404,
  TENANT_EXISTS: 409,
  API_KEY_EXISTS: 409,
  CREDENTIAL_EXISTS: 409,
  SCHEDULE_EXISTS: 409,
  API_KEY_LIMIT_REACHED: 409,
  CREDENTIAL_LIMIT_REACHED: 409,
  SCHEDULE_LIMIT_REACHED: 409,
  WRONG_EXPECTED_REVISION: 409,
  INLINE_WRITE_CONFLICT: 409,
  TENANT_DELETED: 410,
  TENANT_NOT_ACTIVE: 409,
  TENANT_SUSPENDED: 403,
  ALREADY_IN_STATE: 409,
  API_KEY_REVOKED: 401,
  API_KEY_EXPIRED: 401,
  API_KEY_SCOPE_ESCALATION: 403,
  API_KEY_EXPIRY_ESCALATION: 403,
  SYSTEM_NOT_BOOTSTRAPPED: 409,
  INVALID_COMMAND: 400,
  RUN_NOT_FOUND: 404,
  RUN_NOT_RUNNING: 409,
  INVALID_CURSOR: 400,
  INVALID_CREDENTIAL: 400,
  INVALID_SCHEDULE: 400,
  PARAMETER_NOT_TENANT_SETTABLE: 400,
  DATA_KEY_DESTROYED: 410,
  PROVISIONING_FAILED: 503,
  BOOTSTRAP_FAILED: 502,
  REPLAY_RUNNING: 409,
  REPLAY_NOT_FOUND: 404,
  PROMOTE_BLOCKED: 409,
  INVALID_SCHEDULE_TIME: 400,
};

/** Maps anything thrown by a use case to an HttpError; unknown failures become a bare 500 (no internals leak). */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  const coded = error as { code?: unknown; message?: unknown; details?: unknown };
  if (typeof coded?.code === 'string' && STATUS_BY_CODE[coded.code]) {
    const code =
      coded.code === 'WRONG_EXPECTED_REVISION' || coded.code === 'INLINE_WRITE_CONFLICT' ? 'CONFLICT' : coded.code;
    const message = code === 'CONFLICT' ? 'A concurrent change won; retry the request' : String(coded.message);
    const problems = (error as { problems?: unknown }).problems;
    const details = coded.details ?? (Array.isArray(problems) ? { problems } : undefined);
    return new HttpError(
      STATUS_BY_CODE[coded.code] as number,
      code,
      message,
      code === 'CONFLICT' ? undefined : details,
    );
  }
  return new HttpError(500, 'INTERNAL', 'An internal error occurred; the request id identifies it in the logs');
}
