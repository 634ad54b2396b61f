import { createHash } from 'node:crypto';
import { AES_256_KEY_BYTES, GCM_IV_BYTES, GCM_TAG_BYTES, openAesGcm, sealAesGcm } from './aes-gcm';
import { isCanonicalBase64 } from './base64';
import { InvalidKeyEncryptionKeyConfig } from './errors';
import type { KeyEncryptionKey } from './key-encryption-key';

/**
 * A KEK held in process memory, given as base64 of 32 bytes (local runs and tests). The wrapped form is
 * base64(iv ‖ ciphertext ‖ tag).
 */
export function createLocalKeyEncryptionKey(base64Kek: string): KeyEncryptionKey {
  if (!isCanonicalBase64(base64Kek))
    throw new InvalidKeyEncryptionKeyConfig('the local key-encryption key must be base64');
  const kek = Buffer.from(base64Kek, 'base64');
  if (kek.length !== AES_256_KEY_BYTES) {
    throw new InvalidKeyEncryptionKeyConfig(
      `the local key-encryption key must be ${AES_256_KEY_BYTES} bytes, got ${kek.length}`,
    );
  }
  return {
    id: `local:${fingerprintOf(kek)}`,
    async wrap(dataKey, context) {
      const box = sealAesGcm(kek, dataKey, Buffer.from(context, 'utf8'));
      return Buffer.concat([box.iv, box.ciphertext, box.tag]).toString('base64');
    },
    async unwrap(wrappedDataKey, context) {
      const bytes = Buffer.from(wrappedDataKey, 'base64');
      const box = {
        iv: bytes.subarray(0, GCM_IV_BYTES),
        ciphertext: bytes.subarray(GCM_IV_BYTES, Math.max(GCM_IV_BYTES, bytes.length - GCM_TAG_BYTES)),
        tag: bytes.subarray(Math.max(GCM_IV_BYTES, bytes.length - GCM_TAG_BYTES)),
      };
      const dataKey = openAesGcm(kek, box, Buffer.from(context, 'utf8'));
      if (dataKey === null) throw new Error('the wrapped data key does not authenticate under this key-encryption key');
      return dataKey;
    },
  };
}

/** Tells KEKs apart in keyring documents and errors without revealing anything usable about the key. */
function fingerprintOf(kek: Buffer): string {
  return createHash('sha256').update('convergence/kek-fingerprint/v1\0').update(kek).digest('hex').slice(0, 16);
}
