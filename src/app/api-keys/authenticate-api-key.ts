import * as E from 'fp-ts/Either';
import type { InlineWrite } from '../../eventstore';
import { isExpired, parseApiKey, shouldRecordUse, verifyApiKey, type ApiKeyScope } from '../../security';
import {
  ApiKeyIndexEntry,
  apiKeyPath,
  decodeDocument,
  TenantDirectoryEntry,
  tenantDirectoryPath,
} from '../read-models';
import { recordKeyUse } from './record-key-use';
import type { ServiceContext } from '../service-context';

export interface AuthenticatedKey {
  readonly tenantId: string;
  readonly keyId: string;
  readonly scopes: readonly ApiKeyScope[];
}

export type ApiKeyRejection =
  | { readonly code: 'INVALID_API_KEY'; readonly message: string }
  | { readonly code: 'API_KEY_EXPIRED'; readonly message: string }
  | { readonly code: 'API_KEY_REVOKED'; readonly message: string }
  | { readonly code: 'TENANT_NOT_ACTIVE'; readonly message: string; readonly status: string };

/** Why a presented API key does not admit its request: the auth layer's share of the API's codes. */
export type ApiKeyRejectionCode = ApiKeyRejection['code'];

const invalid: ApiKeyRejection = { code: 'INVALID_API_KEY', message: 'The API key is not valid' };

/**
 * One document read by key id (the inline index), a constant-time hash comparison, expiry and revocation,
 * then the tenant's status. A use is recorded (an ApiKeyUsed event and `lastUsedAt`) at most once a minute per
 * key, and only by the request whose read saw the old value (a precondition on the document's update time), so
 * a burst costs one commit.
 */
export async function authenticateApiKey(
  ctx: Pick<ServiceContext, 'db' | 'store' | 'pepper' | 'now'>,
  presented: unknown,
): Promise<E.Either<ApiKeyRejection, AuthenticatedKey>> {
  const parsed = parseApiKey(presented);
  if (E.isLeft(parsed)) return E.left(invalid);
  const snapshot = await ctx.db.doc(apiKeyPath(parsed.right.keyId)).get();
  const entry = decodeDocument(ApiKeyIndexEntry, snapshot);
  if (!entry || !verifyApiKey(parsed.right.secret, entry.keyHash, ctx.pepper)) return E.left(invalid);
  const now = ctx.now();
  if (entry.revokedAt) return E.left({ code: 'API_KEY_REVOKED', message: 'The API key was revoked' });
  if (isExpired(entry.expiresAt ? new Date(entry.expiresAt) : null, now))
    return E.left({ code: 'API_KEY_EXPIRED', message: 'The API key has expired' });

  const { tenantId } = entry;
  const directory = decodeDocument(TenantDirectoryEntry, await ctx.db.doc(tenantDirectoryPath(tenantId)).get());
  const status = directory?.status ?? 'UNKNOWN';
  if (status !== 'ACTIVE')
    return E.left({ code: 'TENANT_NOT_ACTIVE', message: `Tenant ${tenantId} is ${status}`, status });

  if (shouldRecordUse(entry.lastUsedAt ? new Date(entry.lastUsedAt) : null, now) && snapshot.updateTime) {
    // Only the request whose read saw the old `lastUsedAt` records the use (the update-time precondition).
    // Best effort: losing the race (or a write failing) must not fail the request.
    const lastUsed: InlineWrite = {
      op: 'update',
      path: snapshot.ref.path,
      data: { lastUsedAt: now.toISOString() },
      lastUpdateTime: snapshot.updateTime,
    };
    await recordKeyUse(ctx, { tenantId, keyId: parsed.right.keyId, at: now }, lastUsed).catch(() => undefined);
  }
  return E.right({ tenantId, keyId: parsed.right.keyId, scopes: entry.scopes });
}
