import type { EncryptedSecret } from './encrypted-secret';

export interface DataKeyInfo {
  readonly keyVersion: number;
  /** False when the tenant already had a key, which is then kept. */
  readonly created: boolean;
}

/**
 * Envelope encryption of tenant secrets: one data key per tenant, wrapped by a key-encryption key. Failures
 * reject with the typed errors of `./errors` (DATA_KEY_DESTROYED, DATA_KEY_NOT_FOUND, DECRYPTION_FAILED, …).
 */
export interface Keyring {
  /** Idempotent: an existing key is kept. Rejects with DATA_KEY_DESTROYED for a tenant whose key was destroyed. */
  createDataKey(tenantId: string): Promise<DataKeyInfo>;
  /** `aad` binds the ciphertext to its use (see credentialAad): decrypting with another aad fails. */
  encrypt(tenantId: string, plaintext: Buffer, aad: string): Promise<EncryptedSecret>;
  decrypt(tenantId: string, secret: EncryptedSecret, aad: string): Promise<Buffer>;
  /** Crypto-shredding: the wrapped key is deleted and a tombstone stays, so the tenant can never get a new key. */
  destroyDataKey(tenantId: string): Promise<void>;
}
