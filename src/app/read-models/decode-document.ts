import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { describeDecodeErrors } from '../../domain/decode-errors';

/** A read-model document that does not match its codec: a bug or a hand edit, named by path and field. */
export class MalformedReadModel extends Error {
  readonly code = 'MALFORMED_READ_MODEL';
  constructor(
    readonly path: string,
    readonly problems: readonly string[],
  ) {
    super(`Malformed read model ${path}: ${problems.join('; ')}`);
    this.name = 'MalformedReadModel';
  }
}

/** What a Firestore document snapshot offers a decoder (kept structural so tests need no SDK types). */
export interface DocumentLike {
  readonly exists: boolean;
  readonly ref: { readonly path: string };
  data(): unknown;
}

/** Decodes a read-model document with its codec: `undefined` when it does not exist, MalformedReadModel when wrong. */
export function decodeDocument<A>(codec: t.Decoder<unknown, A>, snapshot: DocumentLike): A | undefined {
  if (!snapshot.exists) return undefined;
  const decoded = codec.decode(snapshot.data());
  if (E.isLeft(decoded)) throw new MalformedReadModel(snapshot.ref.path, describeDecodeErrors(decoded.left));
  return decoded.right;
}
