export {
  createCloudKmsKeyEncryptionKey,
  type CloudKmsKeyEncryptionKeyOptions,
  type KmsEncryptDecryptClient,
} from './cloud-kms-key-encryption-key';
export { credentialAad } from './credential-aad';
export { dataKeyTombstoneWrite } from './destroy-data-key';
export { EncryptedSecret } from './encrypted-secret';
export {
  DataKeyDestroyed,
  DataKeyNotFound,
  DecryptionFailed,
  InvalidKeyEncryptionKeyConfig,
  InvalidKeyringTenantId,
  KeyUnwrapFailed,
  MalformedKeyringDocument,
  type DecryptionFailureReason,
  type EnvelopeError,
} from './errors';
export { createFirestoreKeyring, type FirestoreKeyringOptions } from './firestore-keyring';
export type { KeyEncryptionKey } from './key-encryption-key';
export type { DataKeyInfo, Keyring } from './keyring';
export { KEYRING_COLLECTION, keyringDocumentPath } from './keyring-document';
export { createLocalKeyEncryptionKey } from './local-key-encryption-key';
