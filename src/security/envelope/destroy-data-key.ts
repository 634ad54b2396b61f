import { type KeyringContext, keyringDocument } from './keyring-context';
import { keyringDocumentPath, tombstoneOf } from './keyring-document';

/**
 * Crypto-shredding: replaces `keyring/{tenantId}` with a tombstone (a full `set`, so the wrapped key is gone,
 * not merely flagged). Idempotent: destroying again keeps the first tombstone and its date. A tenant that never
 * had a key gets a tombstone too, so none can be created for it later. The existing document is not decoded:
 * even a malformed one must be shreddable.
 */
export async function destroyDataKey(context: KeyringContext, tenantId: string): Promise<void> {
  const reference = keyringDocument(context, tenantId);
  const existing = await reference.get();
  if (existing.exists && existing.get('state') === 'destroyed' && existing.get('wrappedDataKey') === undefined) return;
  await reference.set(tombstoneOf(tenantId, context.now()));
}

/**
 * The same tombstone as an inline write (structurally an event-store `InlineWrite`), for a use case that wants
 * the shredding committed atomically with its event — offboarding appends TenantOffboarded and this together.
 */
export function dataKeyTombstoneWrite(
  tenantId: string,
  destroyedAt: Date,
): { readonly op: 'set'; readonly path: string; readonly data: Record<string, unknown> } {
  return { op: 'set', path: keyringDocumentPath(tenantId), data: tombstoneOf(tenantId, destroyedAt) };
}
