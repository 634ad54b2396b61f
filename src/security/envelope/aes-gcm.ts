import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const AES_256_KEY_BYTES = 32;
/** 96-bit IVs are GCM's native size; random IVs are safe far beyond the number of secrets one tenant will hold. */
export const GCM_IV_BYTES = 12;
export const GCM_TAG_BYTES = 16;

export interface SealedBox {
  readonly iv: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

export function sealAesGcm(key: Buffer, plaintext: Buffer, aad: Buffer): SealedBox {
  const iv = randomBytes(GCM_IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

/**
 * The plaintext, or null when the box does not authenticate under this key and aad. The tag length is fixed:
 * Node otherwise accepts truncated tags, which would make forgeries far cheaper.
 */
export function openAesGcm(key: Buffer, box: SealedBox, aad: Buffer): Buffer | null {
  if (key.length !== AES_256_KEY_BYTES || box.iv.length !== GCM_IV_BYTES || box.tag.length !== GCM_TAG_BYTES)
    return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, box.iv, { authTagLength: GCM_TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(box.tag);
    return Buffer.concat([decipher.update(box.ciphertext), decipher.final()]);
  } catch {
    return null;
  }
}
