import type { DocumentReference, Firestore } from '@google-cloud/firestore';
import * as E from 'fp-ts/Either';
import { DataKeyDestroyed, DataKeyNotFound, KeyUnwrapFailed } from './errors';
import type { KeyEncryptionKey } from './key-encryption-key';
import {
  type ActiveKeyringDocument,
  decodeKeyringDocument,
  keyringDocumentPath,
  type KeyringDocument,
  wrapContext,
} from './keyring-document';

/** What every keyring operation needs; assembled once by createFirestoreKeyring. */
export interface KeyringContext {
  readonly db: Firestore;
  readonly kek: KeyEncryptionKey;
  readonly now: () => Date;
}

export function keyringDocument(context: KeyringContext, tenantId: string): DocumentReference {
  return context.db.doc(keyringDocumentPath(tenantId));
}

export async function readKeyringDocument(
  context: KeyringContext,
  tenantId: string,
): Promise<KeyringDocument | undefined> {
  const snapshot = await keyringDocument(context, tenantId).get();
  if (!snapshot.exists) return undefined;
  const decoded = decodeKeyringDocument(tenantId, snapshot.data());
  if (E.isLeft(decoded)) throw decoded.left;
  return decoded.right;
}

export function requireActive(tenantId: string, document: KeyringDocument | undefined): ActiveKeyringDocument {
  if (document === undefined) throw new DataKeyNotFound(tenantId);
  if (document.state === 'destroyed') throw new DataKeyDestroyed(tenantId);
  return document;
}

export interface UnwrappedDataKey {
  readonly keyVersion: number;
  /** Plaintext key material: callers zero it (`fill(0)`) as soon as they are done. */
  readonly dataKey: Buffer;
}

/** Reads and unwraps the tenant's data key; never cached, so a destroyed key stops working everywhere at once. */
export async function loadDataKey(context: KeyringContext, tenantId: string): Promise<UnwrappedDataKey> {
  const document = requireActive(tenantId, await readKeyringDocument(context, tenantId));
  try {
    const dataKey = await context.kek.unwrap(document.wrappedDataKey, wrapContext(tenantId, document.keyVersion));
    return { keyVersion: document.keyVersion, dataKey };
  } catch {
    // The KEK's own error may quote the wrapped key or KMS internals; the typed error says what matters.
    throw new KeyUnwrapFailed(tenantId, document.kekId, context.kek.id);
  }
}

/** The GCM associated data of a tenant secret: the caller's aad, bound to the tenant and the key version. */
export function secretAad(tenantId: string, keyVersion: number, aad: string): Buffer {
  return Buffer.from(JSON.stringify(['convergence/secret/v1', tenantId, keyVersion, aad]), 'utf8');
}
