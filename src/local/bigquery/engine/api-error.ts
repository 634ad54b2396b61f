/** BigQuery's error reasons this endpoint produces, with the HTTP status BigQuery pairs them with. */
const HTTP_STATUS = {
  notFound: 404,
  duplicate: 409,
  invalidQuery: 400,
  invalid: 400,
  resourceInUse: 400,
  stopped: 400,
  timeout: 400,
  backendError: 500,
} as const;

export type BigQueryErrorReason = keyof typeof HTTP_STATUS;

/** A failure to report in BigQuery's JSON error format; `code` is BigQuery's reason. */
export class BigQueryApiError extends Error {
  readonly httpStatus: number;
  constructor(
    readonly code: BigQueryErrorReason,
    message: string,
    readonly location?: string,
  ) {
    super(message);
    this.name = 'BigQueryApiError';
    this.httpStatus = HTTP_STATUS[code];
  }
}

const STATUS_NAMES: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  500: 'INTERNAL',
};

/** The `errorResult` / `errors[]` entry shape of jobs and error responses. */
export function errorProto(error: BigQueryApiError): { reason: string; message: string; location?: string } {
  return error.location
    ? { reason: error.code, message: error.message, location: error.location }
    : { reason: error.code, message: error.message };
}

/** The body BigQuery sends with a non-2xx response; the client turns it into an ApiError with `code`. */
export function errorResponseBody(error: BigQueryApiError): object {
  return {
    error: {
      code: error.httpStatus,
      message: error.message,
      status: STATUS_NAMES[error.httpStatus] ?? 'UNKNOWN',
      errors: [{ domain: 'global', ...errorProto(error) }],
    },
  };
}

/**
 * A DuckDB failure as BigQuery would report it: a missing table or schema is `notFound`, an interruption is a
 * cancelled (`stopped`) job, anything else the statement did wrong is `invalidQuery`.
 */
export function fromDuckDbError(error: unknown): BigQueryApiError {
  if (error instanceof BigQueryApiError) return error;
  const message = errorMessage(error);
  const firstLine = message.split('\n')[0] ?? message;
  if (/^Catalog Error: (Table|Schema|View|Table Function)[^]*does not exist/.test(firstLine))
    return new BigQueryApiError('notFound', `Not found: ${firstLine}`);
  if (/INTERRUPT/i.test(message))
    return new BigQueryApiError('stopped', 'Job execution was cancelled: User requested cancellation');
  return new BigQueryApiError('invalidQuery', firstLine);
}

/** The message of anything thrown; errors from the native DuckDB binding may come from another realm than `Error`. */
export function errorMessage(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
