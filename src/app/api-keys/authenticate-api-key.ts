import * as E from 'fp-ts/Either';
import { keyUseStreamId } from '../../domain/api-key-use/events';
import { isExpired, parseApiKey, shouldRecordUse, verifyApiKey, type ApiKeyScope } from '../../security';
import { apiKeyPath, tenantDirectoryPath } from '../read-models';
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
  const entry = snapshot.data();
  if (!snapshot.exists || !entry || !verifyApiKey(parsed.right.secret, String(entry.keyHash), ctx.pepper))
    return E.left(invalid);
  const now = ctx.now();
  if (entry.revokedAt) return E.left({ code: 'API_KEY_REVOKED', message: 'The API key was revoked' });
  if (isExpired(entry.expiresAt ? new Date(String(entry.expiresAt)) : null, now))
    return E.left({ code: 'API_KEY_EXPIRED', message: 'The API key has expired' });

  const tenantId = String(entry.tenantId);
  const directory = await ctx.db.doc(tenantDirectoryPath(tenantId)).get();
  const status = String(directory.get('status') ?? 'UNKNOWN');
  if (status !== 'ACTIVE')
    return E.left({ code: 'TENANT_NOT_ACTIVE', message: `Tenant ${tenantId} is ${status}`, status });

  if (shouldRecordUse(entry.lastUsedAt ? new Date(String(entry.lastUsedAt)) : null, now) && snapshot.updateTime) {
    // The use as an event (its minute's own stream) with the read model in the same commit, so the warehouse's
    // last_used_at comes from the log. Best effort: losing the race (or a write failing) must not fail the request.
    await ctx.store
      .append(
        keyUseStreamId(tenantId, parsed.right.keyId, now),
        'no_stream',
        [{ type: 'ApiKeyUsed', data: { keyId: parsed.right.keyId, usedAt: now.toISOString() } }],
        {
          tenantId,
          actor: `api-key:${parsed.right.keyId}`,
          inlineWrites: [
            {
              op: 'update',
              path: snapshot.ref.path,
              data: { lastUsedAt: now.toISOString() },
              lastUpdateTime: snapshot.updateTime,
            },
          ],
        },
      )
      .catch(() => undefined);
  }
  return E.right({ tenantId, keyId: parsed.right.keyId, scopes: (entry.scopes ?? []) as ApiKeyScope[] });
}
