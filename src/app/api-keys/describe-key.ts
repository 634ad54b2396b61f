import type { ApiKeyState } from '../../domain/tenant/state';

/** A key as it may be shown: id, name, scopes and dates — never its hash, never its secret. */
export function describeKey(key: ApiKeyState) {
  return {
    key_id: key.keyId,
    name: key.name,
    scopes: key.scopes,
    created_at: key.issuedAt,
    expires_at: key.expiresAt,
    revoked_at: key.revokedAt,
    parent_key_id: key.parentKeyId,
    status: key.revokedAt ? 'REVOKED' : 'ACTIVE',
  };
}
