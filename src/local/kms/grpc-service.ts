import * as grpc from '@grpc/grpc-js';
import { GRPC_STATUS, LocalKmsError } from './errors';
import type { LocalKms } from './local-kms';
import { DecryptRequest, EncryptRequest, decodeRequest } from './wire-codecs';

type Handler = grpc.handleUnaryCall<unknown, unknown>;

const serviceError = (code: grpc.status, details: string) =>
  ({ code, details, metadata: new grpc.Metadata() }) as grpc.ServiceError;

/** Runs one call: any LocalKmsError becomes its gRPC status, anything else INTERNAL. */
function unary(operation: (request: unknown) => unknown): Handler {
  return (call, callback) => {
    try {
      callback(null, operation(call.request));
    } catch (error) {
      const known = error instanceof LocalKmsError;
      const code = known ? GRPC_STATUS[error.code] : grpc.status.INTERNAL;
      callback(serviceError(code, known ? error.message : 'internal error'));
    }
  };
}

/** A stand-in refuses by name what it does not do, rather than approximate it. */
const unimplemented =
  (method: string): Handler =>
  (_call, callback) =>
    callback(
      serviceError(
        grpc.status.UNIMPLEMENTED,
        `${method}: the local Cloud KMS stand-in implements Encrypt and Decrypt only`,
      ),
    );

/** Encrypt and Decrypt; every other method of the service (all unary) answers UNIMPLEMENTED naming itself. */
export function kmsHandlers(definition: grpc.ServiceDefinition, state: LocalKms): grpc.UntypedServiceImplementation {
  const handlers: grpc.UntypedServiceImplementation = {};
  for (const method of Object.keys(definition)) handlers[method] = unimplemented(method);
  handlers.Encrypt = unary((raw) => state.encrypt(decodeRequest(EncryptRequest, raw)));
  handlers.Decrypt = unary((raw) => state.decrypt(decodeRequest(DecryptRequest, raw)));
  return handlers;
}
