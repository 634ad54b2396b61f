import { status } from '@grpc/grpc-js';

/** What the stand-in answers with, as Cloud KMS would; mapped to a gRPC status at the service edge. */
export type LocalKmsErrorCode = 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'UNIMPLEMENTED';

export class LocalKmsError extends Error {
  constructor(
    readonly code: LocalKmsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LocalKmsError';
  }
}

export const GRPC_STATUS: Readonly<Record<LocalKmsErrorCode, status>> = {
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  NOT_FOUND: status.NOT_FOUND,
  UNIMPLEMENTED: status.UNIMPLEMENTED,
};

export const invalidArgument = (message: string) => new LocalKmsError('INVALID_ARGUMENT', message);
export const notFound = (message: string) => new LocalKmsError('NOT_FOUND', message);

/** Cloud KMS's one answer to any ciphertext it cannot open: it never says whether the key, AAD or bytes differ. */
export const decryptionFailed = () => invalidArgument('Decryption failed: the ciphertext is invalid.');
