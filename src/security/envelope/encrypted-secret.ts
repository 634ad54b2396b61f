import * as t from 'io-ts';
import { GCM_IV_BYTES, GCM_TAG_BYTES } from './aes-gcm';
import { base64Codec } from './base64';

const KeyVersion = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1, 'KeyVersion (integer ≥ 1)');

/**
 * A secret encrypted under a tenant's data key (AES-256-GCM): what events and read models carry instead of the
 * secret. Decoded with this codec wherever it is read back, since an event's payload is untrusted input.
 */
export const EncryptedSecret = t.readonly(
  t.type({
    keyVersion: KeyVersion,
    iv: base64Codec('iv (base64, 12 bytes)', GCM_IV_BYTES),
    ciphertext: base64Codec('ciphertext (base64)'),
    tag: base64Codec('tag (base64, 16 bytes)', GCM_TAG_BYTES),
  }),
  'EncryptedSecret',
);
export type EncryptedSecret = t.TypeOf<typeof EncryptedSecret>;
