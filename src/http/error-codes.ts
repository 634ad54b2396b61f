import type { ApiKeyRejectionCode } from '../app/api-keys/authenticate-api-key';
import type { AnsweredErrorCode } from './answered-errors';

/** Codes the HTTP layer raises itself: reading and decoding the request, routing, limits, draining, faults. */
export type HttpLayerErrorCode =
  | 'BAD_REQUEST'
  | 'INVALID_JSON'
  | 'INVALID_PAYLOAD'
  | 'INVALID_PARAMETER'
  | 'INVALID_TENANT_ID'
  | 'INVALID_IDEMPOTENCY_KEY'
  | 'INVALID_PATH'
  | 'INVALID_BODY_ENCODING'
  | 'BODY_TOO_DEEP'
  | 'NOT_FOUND'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  /** What a concurrency conflict of the event store (WRONG_EXPECTED_REVISION, INLINE_WRITE_CONFLICT) is answered as. */
  | 'CONFLICT'
  | 'CATCH_UP_FAILED'
  | 'DRAINING'
  | 'INTERNAL';

/** Codes of authentication and authorization: the auth middleware's own, and an API key's rejection. */
export type AuthErrorCode =
  | ApiKeyRejectionCode
  | 'UNAUTHORIZED'
  | 'INVALID_ADMIN_KEY'
  | 'INVALID_SERVICE_TOKEN'
  | 'INVALID_USER_ID'
  | 'FORBIDDEN';

/** Every code the API answers with (docs/api.md, Error codes): a closed union, so the status table below is total. */
export type ApiErrorCode = HttpLayerErrorCode | AuthErrorCode | AnsweredErrorCode;

/**
 * The one HTTP status of each code. `satisfies Record<ApiErrorCode, …>` makes a code without a status (or a
 * status for a code nobody raises) a compile error; HttpError takes its status from here, so no code can be
 * answered with two statuses.
 */
export const STATUS_BY_CODE = {
  // 400: the request itself is wrong.
  BAD_REQUEST: 400,
  INVALID_JSON: 400,
  INVALID_PAYLOAD: 400,
  INVALID_PARAMETER: 400,
  INVALID_TENANT_ID: 400,
  INVALID_IDEMPOTENCY_KEY: 400,
  INVALID_PATH: 400,
  INVALID_BODY_ENCODING: 400,
  BODY_TOO_DEEP: 400,
  INVALID_USER_ID: 400,
  INVALID_COMMAND: 400,
  INVALID_CURSOR: 400,
  INVALID_CREDENTIAL: 400,
  INVALID_SCHEDULE: 400,
  INVALID_SCHEDULE_TIME: 400,
  PARAMETER_NOT_TENANT_SETTABLE: 400,
  // 401: who is asking is not proven.
  UNAUTHORIZED: 401,
  INVALID_ADMIN_KEY: 401,
  INVALID_API_KEY: 401,
  API_KEY_EXPIRED: 401,
  API_KEY_REVOKED: 401,
  INVALID_SERVICE_TOKEN: 401,
  // 403: proven, but not allowed.
  FORBIDDEN: 403,
  TENANT_NOT_ACTIVE: 403,
  API_KEY_SCOPE_ESCALATION: 403,
  API_KEY_EXPIRY_ESCALATION: 403,
  // 404
  NOT_FOUND: 404,
  TENANT_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  CREDENTIAL_NOT_FOUND: 404,
  SCHEDULE_NOT_FOUND: 404,
  PIPELINE_NOT_FOUND: 404,
  RUN_NOT_FOUND: 404,
  REPLAY_NOT_FOUND: 404,
  // 409: the state of the service forbids it now.
  CONFLICT: 409,
  TENANT_EXISTS: 409,
  API_KEY_EXISTS: 409,
  CREDENTIAL_EXISTS: 409,
  SCHEDULE_EXISTS: 409,
  API_KEY_LIMIT_REACHED: 409,
  CREDENTIAL_LIMIT_REACHED: 409,
  SCHEDULE_LIMIT_REACHED: 409,
  SYSTEM_NOT_BOOTSTRAPPED: 409,
  RUN_NOT_RUNNING: 409,
  RUN_LEASE_LOST: 409,
  REPLAY_RUNNING: 409,
  PROMOTE_BLOCKED: 409,
  // 410: gone for good.
  TENANT_DELETED: 410,
  DATA_KEY_DESTROYED: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  BOOTSTRAP_FAILED: 502,
  PROVISIONING_FAILED: 503,
  CATCH_UP_FAILED: 503,
  DRAINING: 503,
} as const satisfies Record<ApiErrorCode, number>;

export type HttpStatus = (typeof STATUS_BY_CODE)[ApiErrorCode];

export const statusOf = (code: ApiErrorCode): HttpStatus => STATUS_BY_CODE[code];

/** Whether a string is one of the API's codes (for reading answers back, e.g. in tests and the CLI). */
export const isApiErrorCode = (code: unknown): code is ApiErrorCode =>
  typeof code === 'string' && Object.prototype.hasOwnProperty.call(STATUS_BY_CODE, code);
