/**
 * Envelope-encryption failures. None carries key material, plaintext or ciphertext: only the tenant id, which
 * key was involved and why.
 */

/** The tenant's data key was destroyed (offboarding): everything encrypted under it is unreadable for good. */
export class DataKeyDestroyed extends Error {
  readonly code = 'DATA_KEY_DESTROYED';
  constructor(readonly tenantId: string) {
    super(`The data key of tenant ${tenantId} was destroyed; its secrets can no longer be decrypted`);
    this.name = 'DataKeyDestroyed';
  }
}

/** The tenant has no data key yet: createDataKey was never called for it. */
export class DataKeyNotFound extends Error {
  readonly code = 'DATA_KEY_NOT_FOUND';
  constructor(readonly tenantId: string) {
    super(`Tenant ${tenantId} has no data key`);
    this.name = 'DataKeyNotFound';
  }
}

export type DecryptionFailureReason = 'MALFORMED_SECRET' | 'UNKNOWN_KEY_VERSION' | 'AUTHENTICATION_FAILED';

/** The secret is not what was encrypted for this tenant and aad (tampered, truncated, another tenant's, wrong aad). */
export class DecryptionFailed extends Error {
  readonly code = 'DECRYPTION_FAILED';
  constructor(
    readonly tenantId: string,
    readonly reason: DecryptionFailureReason,
  ) {
    super(`A secret of tenant ${tenantId} could not be decrypted (${reason.toLowerCase().replace(/_/g, ' ')})`);
    this.name = 'DecryptionFailed';
  }
}

/** The key-encryption key could not unwrap the tenant's data key: a different or misconfigured KEK, or KMS refused. */
export class KeyUnwrapFailed extends Error {
  readonly code = 'KEY_UNWRAP_FAILED';
  constructor(
    readonly tenantId: string,
    readonly wrappedBy: string,
    readonly configuredKek: string,
  ) {
    super(
      wrappedBy === configuredKek
        ? `The data key of tenant ${tenantId} could not be unwrapped with ${configuredKek}`
        : `The data key of tenant ${tenantId} was wrapped by ${wrappedBy}, but the configured key-encryption key is ${configuredKek}`,
    );
    this.name = 'KeyUnwrapFailed';
  }
}

/** The `keyring/{tenantId}` document does not have the expected shape. */
export class MalformedKeyringDocument extends Error {
  readonly code = 'MALFORMED_KEYRING_DOCUMENT';
  constructor(
    readonly tenantId: string,
    readonly problems: readonly string[],
  ) {
    super(`Keyring document of tenant ${tenantId} is malformed: ${problems.join('; ')}`);
    this.name = 'MalformedKeyringDocument';
  }
}

/** The tenant id cannot name a keyring document (it would escape `keyring/` or is not a tenant id at all). */
export class InvalidKeyringTenantId extends Error {
  readonly code = 'INVALID_TENANT_ID';
  constructor() {
    super('The tenant id must match ^[a-z0-9_]{3,50}$');
    this.name = 'InvalidKeyringTenantId';
  }
}

/** The key-encryption key configuration is unusable (wrong length, not base64, not a KMS key name). */
export class InvalidKeyEncryptionKeyConfig extends Error {
  readonly code = 'INVALID_KEK_CONFIG';
  constructor(readonly problem: string) {
    super(`Invalid key-encryption key configuration: ${problem}`);
    this.name = 'InvalidKeyEncryptionKeyConfig';
  }
}

export type EnvelopeError =
  | DataKeyDestroyed
  | DataKeyNotFound
  | DecryptionFailed
  | KeyUnwrapFailed
  | MalformedKeyringDocument
  | InvalidKeyringTenantId
  | InvalidKeyEncryptionKeyConfig;
