import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { describeDecodeErrors } from '../../domain/decode-errors';
import { TENANT_ID_PATTERN } from '../../domain/tenant-id';
import { InvalidKeyringTenantId, MalformedKeyringDocument } from './errors';

/**
 * `keyring/{tenantId}`: the tenant's wrapped data key, or a tombstone once it was destroyed. Kept out of the
 * event log on purpose: events are immutable, and crypto-shredding needs the wrapped key to be deletable.
 */
export const KEYRING_COLLECTION = 'keyring';
export const KEYRING_SCHEMA_VERSION = 1;

/** The data key is 32 random bytes; there is one version per tenant today, numbered so rotation can add more. */
export const FIRST_KEY_VERSION = 1;

const ActiveKeyringDocument = t.type({
  schemaVersion: t.literal(KEYRING_SCHEMA_VERSION),
  tenantId: t.string,
  state: t.literal('active'),
  keyVersion: t.number,
  /** Which key-encryption key wrapped it (`KeyEncryptionKey.id`). */
  kekId: t.string,
  wrappedDataKey: t.string,
  createdAt: t.string,
});

const DestroyedKeyringDocument = t.type({
  schemaVersion: t.literal(KEYRING_SCHEMA_VERSION),
  tenantId: t.string,
  state: t.literal('destroyed'),
  destroyedAt: t.string,
});

export const KeyringDocument = t.union([ActiveKeyringDocument, DestroyedKeyringDocument], 'KeyringDocument');
export type KeyringDocument = t.TypeOf<typeof KeyringDocument>;
export type ActiveKeyringDocument = t.TypeOf<typeof ActiveKeyringDocument>;

/** The tenant id names a document: anything outside the tenant-id alphabet is refused before touching Firestore. */
export function keyringDocumentPath(tenantId: string): string {
  if (typeof tenantId !== 'string' || !TENANT_ID_PATTERN.test(tenantId)) throw new InvalidKeyringTenantId();
  return `${KEYRING_COLLECTION}/${tenantId}`;
}

/** The KEK's associated data for a wrapped key: a wrapped key moved to another tenant's document will not unwrap. */
export function wrapContext(tenantId: string, keyVersion: number): string {
  return JSON.stringify(['convergence/keyring/v1', tenantId, keyVersion]);
}

export function decodeKeyringDocument(
  tenantId: string,
  data: unknown,
): E.Either<MalformedKeyringDocument, KeyringDocument> {
  return pipe(
    KeyringDocument.decode(data),
    E.mapLeft((errors) => new MalformedKeyringDocument(tenantId, describeDecodeErrors(errors))),
    E.filterOrElse(
      (document) => document.tenantId === tenantId,
      () => new MalformedKeyringDocument(tenantId, ['tenantId: does not match the document id']),
    ),
  );
}

export function tombstoneOf(tenantId: string, destroyedAt: Date): t.TypeOf<typeof DestroyedKeyringDocument> {
  return {
    schemaVersion: KEYRING_SCHEMA_VERSION,
    tenantId,
    state: 'destroyed',
    destroyedAt: destroyedAt.toISOString(),
  };
}
