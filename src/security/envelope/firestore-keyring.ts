import type { Firestore } from '@google-cloud/firestore';
import { createDataKey } from './create-data-key';
import { decryptSecret } from './decrypt-secret';
import { destroyDataKey } from './destroy-data-key';
import { encryptSecret } from './encrypt-secret';
import type { KeyEncryptionKey } from './key-encryption-key';
import type { Keyring } from './keyring';
import type { KeyringContext } from './keyring-context';

export interface FirestoreKeyringOptions {
  readonly db: Firestore;
  readonly kek: KeyEncryptionKey;
  readonly now?: () => Date;
}

/** The Keyring on Firestore: wrapped data keys in `keyring/{tenantId}`, wrapped by the given key-encryption key. */
export function createFirestoreKeyring(options: FirestoreKeyringOptions): Keyring {
  const context: KeyringContext = { db: options.db, kek: options.kek, now: options.now ?? (() => new Date()) };
  return {
    createDataKey: (tenantId) => createDataKey(context, tenantId),
    encrypt: (tenantId, plaintext, aad) => encryptSecret(context, tenantId, plaintext, aad),
    decrypt: (tenantId, secret, aad) => decryptSecret(context, tenantId, secret, aad),
    destroyDataKey: (tenantId) => destroyDataKey(context, tenantId),
  };
}
