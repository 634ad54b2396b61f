import { status } from '@grpc/grpc-js';

/** What the local server answers with, as Cloud Tasks would; mapped to a gRPC status at the service edge. */
export type LocalCloudTasksErrorCode =
  'INVALID_ARGUMENT' | 'NOT_FOUND' | 'ALREADY_EXISTS' | 'FAILED_PRECONDITION' | 'UNIMPLEMENTED';

export class LocalCloudTasksError extends Error {
  constructor(
    readonly code: LocalCloudTasksErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LocalCloudTasksError';
  }
}

export const GRPC_STATUS: Readonly<Record<LocalCloudTasksErrorCode, status>> = {
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  NOT_FOUND: status.NOT_FOUND,
  ALREADY_EXISTS: status.ALREADY_EXISTS,
  FAILED_PRECONDITION: status.FAILED_PRECONDITION,
  UNIMPLEMENTED: status.UNIMPLEMENTED,
};

export const invalidArgument = (message: string) => new LocalCloudTasksError('INVALID_ARGUMENT', message);
export const notFound = (message: string) => new LocalCloudTasksError('NOT_FOUND', message);
