/**
 * Wraps and unwraps tenants' data keys. Locally an AES-256-GCM key from configuration; in production a Cloud KMS
 * key, so the key that protects every data key never leaves KMS.
 */
export interface KeyEncryptionKey {
  /** Which KEK this is, recorded next to each wrapped key (`local:{fingerprint}`, `gcp-kms:{key name}`). Not secret. */
  readonly id: string;
  /** `context` is bound as associated data: a wrapped key only unwraps for the tenant and version it was made for. */
  wrap(dataKey: Buffer, context: string): Promise<string>;
  /** Rejects when the wrapped key was not made by this KEK for this context. */
  unwrap(wrappedDataKey: string, context: string): Promise<Buffer>;
}
