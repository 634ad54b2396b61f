import { openAesGcm } from './aes-gcm';
import { EncryptedSecret } from './encrypted-secret';
import { DecryptionFailed } from './errors';
import { type KeyringContext, loadDataKey, secretAad } from './keyring-context';

/**
 * Decrypts a secret of this tenant. The key's state is checked first, so a destroyed tenant always answers
 * DATA_KEY_DESTROYED; the secret's shape is then checked because it comes from an event or read model. A
 * tampered, truncated or misplaced secret (other tenant, other aad) gets DECRYPTION_FAILED.
 */
export async function decryptSecret(
  context: KeyringContext,
  tenantId: string,
  secret: EncryptedSecret,
  aad: string,
): Promise<Buffer> {
  const { keyVersion, dataKey } = await loadDataKey(context, tenantId);
  try {
    // `is` runs the refinements too: base64 that round-trips, a 12-byte iv, a 16-byte tag.
    if (!EncryptedSecret.is(secret)) throw new DecryptionFailed(tenantId, 'MALFORMED_SECRET');
    if (secret.keyVersion !== keyVersion) throw new DecryptionFailed(tenantId, 'UNKNOWN_KEY_VERSION');
    const box = {
      iv: Buffer.from(secret.iv, 'base64'),
      ciphertext: Buffer.from(secret.ciphertext, 'base64'),
      tag: Buffer.from(secret.tag, 'base64'),
    };
    const plaintext = openAesGcm(dataKey, box, secretAad(tenantId, keyVersion, aad));
    if (plaintext === null) throw new DecryptionFailed(tenantId, 'AUTHENTICATION_FAILED');
    return plaintext;
  } finally {
    dataKey.fill(0);
  }
}
