import type { RecordedEvent } from '../../eventstore';
import type { Row } from '../../warehouse/warehouse';
import { tenantApiKeys } from '../../warehouse/tables/central/tenant-api-keys';
import type { StreamProjection } from '../projection';
import { isTenantStream, nullableTimestamp, tenantEventOf, timestamp } from './domain-events';
import { foldRows } from './fold-rows';

interface KeyState {
  readonly tenantId: string;
  readonly keyId: string;
  readonly keyHash: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly issuedAt: string;
  readonly issuedBy: string;
  readonly expiresAt: string | null;
  readonly revoked: { readonly at: string; readonly by: string; readonly reason: string } | null;
}

type Keys = ReadonlyMap<string, KeyState>;

function evolve(keys: Keys, recorded: RecordedEvent): Keys {
  const event = tenantEventOf(recorded);
  if (event?.type === 'ApiKeyIssued') {
    const { keyId, name, keyHash, scopes, expiresAt, issuedAt } = event.data;
    return new Map(keys).set(keyId, { tenantId: recorded.tenantId, keyId, keyHash, name, scopes, issuedAt, issuedBy: recorded.meta.actor, expiresAt, revoked: null });
  }
  if (event?.type === 'ApiKeyRevoked') {
    const key = keys.get(event.data.keyId);
    if (!key || key.revoked) return keys;
    return new Map(keys).set(key.keyId, { ...key, revoked: { at: event.data.revokedAt, by: recorded.meta.actor, reason: event.data.reason } });
  }
  return keys;
}

function* view(keys: Keys): Iterable<readonly [string, Row]> {
  for (const key of keys.values()) {
    yield [
      key.keyId,
      {
        tenant_id: key.tenantId,
        key_id: key.keyId,
        key_hash: key.keyHash,
        name: key.name,
        scopes: [...key.scopes],
        status: key.revoked ? 'REVOKED' : 'ACTIVE',
        created_at: timestamp(key.issuedAt),
        created_by: key.issuedBy,
        expires_at: nullableTimestamp(key.expiresAt),
        revoked_at: nullableTimestamp(key.revoked?.at),
        revoked_by: key.revoked?.by ?? null,
        revoke_reason: key.revoked?.reason ?? null,
        // Uses of a key are not events (the read model notes them at most once a minute): nothing to project.
        last_used_at: null,
      },
    ];
  }
}

/** tenant_api_keys: one row per key issued in a tenant stream — its hash, never the key. */
export const tenantApiKeysProjection: StreamProjection = {
  kind: 'stream',
  table: tenantApiKeys,
  accepts: isTenantStream,
  rows: (events) => foldRows<Keys>(events, new Map(), evolve, view),
};
