import { sealAesGcm } from './aes-gcm';
import type { EncryptedSecret } from './encrypted-secret';
import { type KeyringContext, loadDataKey, secretAad } from './keyring-context';

/** AES-256-GCM under the tenant's data key with a fresh random IV; the plaintext never leaves this call. */
export async function encryptSecret(
  context: KeyringContext,
  tenantId: string,
  plaintext: Buffer,
  aad: string,
): Promise<EncryptedSecret> {
  const { keyVersion, dataKey } = await loadDataKey(context, tenantId);
  try {
    const box = sealAesGcm(dataKey, plaintext, secretAad(tenantId, keyVersion, aad));
    return {
      keyVersion,
      iv: box.iv.toString('base64'),
      ciphertext: box.ciphertext.toString('base64'),
      tag: box.tag.toString('base64'),
    };
  } finally {
    dataKey.fill(0);
  }
}
