import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { describeDecodeErrors } from '../../domain/decode-errors';
import { invalidArgument } from './errors';

/**
 * The requests as proto-loader decodes them (camelCase fields, int64 as strings, bytes as Buffers, absent
 * fields absent: proto3 does not send an empty bytes field, nor a wrapper's zero value).
 */
const BufferCodec = new t.Type<Buffer, Buffer, unknown>(
  'bytes',
  (u): u is Buffer => Buffer.isBuffer(u),
  (u, c) => (Buffer.isBuffer(u) ? t.success(u) : t.failure(u, c)),
  (b) => b,
);
/** google.protobuf.Int64Value: set when the message is present, its value 0 when absent. */
const Int64Value = t.partial({ value: t.union([t.string, t.number]) });
export type Int64Value = t.TypeOf<typeof Int64Value>;

export const EncryptRequest = t.partial({
  name: t.string,
  plaintext: BufferCodec,
  additionalAuthenticatedData: BufferCodec,
  plaintextCrc32c: Int64Value,
  additionalAuthenticatedDataCrc32c: Int64Value,
});
export type EncryptRequest = t.TypeOf<typeof EncryptRequest>;

export const DecryptRequest = t.partial({
  name: t.string,
  ciphertext: BufferCodec,
  additionalAuthenticatedData: BufferCodec,
  ciphertextCrc32c: Int64Value,
  additionalAuthenticatedDataCrc32c: Int64Value,
});
export type DecryptRequest = t.TypeOf<typeof DecryptRequest>;

/** Decodes or throws INVALID_ARGUMENT naming each bad field. */
export function decodeRequest<A>(codec: t.Decoder<unknown, A>, request: unknown): A {
  const decoded = codec.decode(request);
  if (E.isLeft(decoded)) throw invalidArgument(`Invalid request: ${describeDecodeErrors(decoded.left).join('; ')}`);
  return decoded.right;
}
