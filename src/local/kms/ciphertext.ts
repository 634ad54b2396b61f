import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { decryptionFailed } from './errors';

/**
 * The stand-in's ciphertext: `LKMS` | key version (uint32 BE) | nonce (12) | GCM tag (16) | encrypted bytes.
 * Opaque to callers as KMS's is; the header names the version so Decrypt finds it, and is authenticated with
 * the caller's AAD so a flipped version or magic fails like any other tamper.
 */
const MAGIC = Buffer.from('LKMS', 'ascii');
const HEADER_BYTES = MAGIC.length + 4;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const CIPHERTEXT_OVERHEAD_BYTES = HEADER_BYTES + NONCE_BYTES + TAG_BYTES;

function header(version: number): Buffer {
  const bytes = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(bytes);
  bytes.writeUInt32BE(version, MAGIC.length);
  return bytes;
}

export function seal(secret: Buffer, version: number, plaintext: Buffer, aad: Buffer): Buffer {
  const head = header(version);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', secret, nonce);
  cipher.setAAD(Buffer.concat([head, aad]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([head, nonce, cipher.getAuthTag(), body]);
}

/** The key version the ciphertext claims, unauthenticated until `open` succeeds; undefined if not ours. */
export function claimedVersion(ciphertext: Buffer): number | undefined {
  if (ciphertext.length < CIPHERTEXT_OVERHEAD_BYTES) return undefined;
  if (!ciphertext.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  return ciphertext.readUInt32BE(MAGIC.length);
}

/** Opens a ciphertext or throws KMS's one INVALID_ARGUMENT (tampered bytes, other key, wrong AAD alike). */
export function open(secret: Buffer, ciphertext: Buffer, aad: Buffer): Buffer {
  const head = ciphertext.subarray(0, HEADER_BYTES);
  const nonce = ciphertext.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES);
  const tag = ciphertext.subarray(HEADER_BYTES + NONCE_BYTES, CIPHERTEXT_OVERHEAD_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', secret, nonce);
  decipher.setAAD(Buffer.concat([head, aad]));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext.subarray(CIPHERTEXT_OVERHEAD_BYTES)), decipher.final()]);
  } catch {
    throw decryptionFailed();
  }
}
