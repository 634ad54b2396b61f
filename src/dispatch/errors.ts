import { status as Status } from '@grpc/grpc-js';

/** Typed dispatch failures, pattern-matched on `code`. */
export type DispatchErrorCode =
  /** The request or configuration is not acceptable (bad run id, generation, schedule time; INVALID_ARGUMENT). */
  | 'INVALID_REQUEST'
  /** The configuration did not decode; `details.problems` names each field. */
  | 'INVALID_CONFIG'
  /** The queue does not exist (run ensureQueue at start-up). */
  | 'QUEUE_NOT_FOUND'
  /** UNAUTHENTICATED or PERMISSION_DENIED: the service account lacks cloudtasks.* rights or actAs on the OIDC account. */
  | 'PERMISSION_DENIED'
  /** FAILED_PRECONDITION: e.g. a queue name deleted too recently to be re-created. */
  | 'FAILED_PRECONDITION'
  /** Transient (UNAVAILABLE, RESOURCE_EXHAUSTED, ABORTED, INTERNAL): dispatching again is safe, the task name de-duplicates. */
  | 'UNAVAILABLE'
  /** The call's deadline passed; the task may or may not exist. Dispatching again is safe (created: false if it does). */
  | 'TIMEOUT'
  | 'UNKNOWN';

const RETRYABLE: ReadonlySet<DispatchErrorCode> = new Set(['UNAVAILABLE', 'TIMEOUT']);

export class DispatchError extends Error {
  constructor(
    readonly code: DispatchErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'DispatchError';
  }

  /** Whether the same call may simply be repeated later. */
  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
}

/** The numeric gRPC status of an error thrown by the client, if it has one. */
export function grpcCodeOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

function codeFor(grpcCode: number | undefined): DispatchErrorCode {
  switch (grpcCode) {
    case Status.INVALID_ARGUMENT:
    case Status.OUT_OF_RANGE:
      return 'INVALID_REQUEST';
    case Status.NOT_FOUND:
      return 'QUEUE_NOT_FOUND';
    case Status.PERMISSION_DENIED:
    case Status.UNAUTHENTICATED:
      return 'PERMISSION_DENIED';
    case Status.FAILED_PRECONDITION:
      return 'FAILED_PRECONDITION';
    case Status.UNAVAILABLE:
    case Status.RESOURCE_EXHAUSTED:
    case Status.ABORTED:
    case Status.INTERNAL:
    case Status.CANCELLED:
      return 'UNAVAILABLE';
    case Status.DEADLINE_EXCEEDED:
      return 'TIMEOUT';
    default:
      return 'UNKNOWN';
  }
}

/**
 * Maps anything the client threw to a DispatchError. Only the server's status text is kept (`details` of a
 * gRPC error); the original error is not, because its metadata could carry request headers.
 */
export function toDispatchError(error: unknown, operation: string, resource: string): DispatchError {
  if (error instanceof DispatchError) return error;
  const grpcCode = grpcCodeOf(error);
  const candidate = error as { details?: unknown; message?: unknown } | null;
  const text =
    typeof candidate?.details === 'string' && candidate.details !== ''
      ? candidate.details
      : typeof candidate?.message === 'string'
        ? candidate.message
        : String(error);
  const code = codeFor(grpcCode);
  return new DispatchError(code, `${operation} ${resource}: ${code}: ${text}`, {
    operation,
    resource,
    ...(grpcCode !== undefined ? { grpcCode } : {}),
  });
}
