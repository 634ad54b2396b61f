import { status as Status } from '@grpc/grpc-js';
import { randomBytes } from 'node:crypto';
import { AES_256_KEY_BYTES } from './aes-gcm';
import type { DataKeyInfo } from './keyring';
import { type KeyringContext, keyringDocument, readKeyringDocument, requireActive } from './keyring-context';
import { type ActiveKeyringDocument, FIRST_KEY_VERSION, KEYRING_SCHEMA_VERSION, wrapContext } from './keyring-document';

/**
 * Creates the tenant's data key unless it has one. The document is written with `create()`, so two concurrent
 * callers cannot both install a key: the loser reads and keeps the winner's. A tombstone is never replaced —
 * a destroyed tenant gets DATA_KEY_DESTROYED, not a fresh key that old ciphertexts might be mistaken for.
 */
export async function createDataKey(context: KeyringContext, tenantId: string): Promise<DataKeyInfo> {
  const existing = await readKeyringDocument(context, tenantId);
  if (existing !== undefined) return { keyVersion: requireActive(tenantId, existing).keyVersion, created: false };

  const dataKey = randomBytes(AES_256_KEY_BYTES);
  let wrappedDataKey: string;
  try {
    wrappedDataKey = await context.kek.wrap(dataKey, wrapContext(tenantId, FIRST_KEY_VERSION));
  } finally {
    dataKey.fill(0);
  }
  const document: ActiveKeyringDocument = {
    schemaVersion: KEYRING_SCHEMA_VERSION,
    tenantId,
    state: 'active',
    keyVersion: FIRST_KEY_VERSION,
    kekId: context.kek.id,
    wrappedDataKey,
    createdAt: context.now().toISOString(),
  };
  try {
    await keyringDocument(context, tenantId).create(document);
    return { keyVersion: FIRST_KEY_VERSION, created: true };
  } catch (error) {
    if ((error as { code?: unknown }).code !== Status.ALREADY_EXISTS) throw error;
    const winner = await readKeyringDocument(context, tenantId);
    return { keyVersion: requireActive(tenantId, winner).keyVersion, created: false };
  }
}
