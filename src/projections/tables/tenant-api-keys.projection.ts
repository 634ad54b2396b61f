import { KEY_USE_STREAM_PREFIX } from '../../domain/api-key-use/events';
import { tenantStreamId } from '../../domain/streams';
import type { RecordedEvent } from '../../eventstore';
import type { Row } from '../../warehouse/warehouse';
import { tenantApiKeys } from '../../warehouse/tables/central/tenant-api-keys';
import type { DerivedKey, DerivedProjection, DerivedSource } from '../projection';
import { isTenantStream, nullableTimestamp, tenantEventOf, timestamp } from './domain-events';
import { foldRows } from './fold-rows';
import { text } from './query-values';

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
    return new Map(keys).set(keyId, {
      tenantId: recorded.tenantId,
      keyId,
      keyHash,
      name,
      scopes,
      issuedAt,
      issuedBy: recorded.meta.actor,
      expiresAt,
      revoked: null,
    });
  }
  if (event?.type === 'ApiKeyRevoked') {
    const key = keys.get(event.data.keyId);
    if (!key || key.revoked) return keys;
    return new Map(keys).set(key.keyId, {
      ...key,
      revoked: { at: event.data.revokedAt, by: recorded.meta.actor, reason: event.data.reason },
    });
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
        // Filled from the key's ApiKeyUsed events (their own streams) by the derived projection below.
        last_used_at: null,
      },
    ];
  }
}

/** The rows of a tenant's keys from its stream alone (last_used_at NULL): the fold the derived projection starts from. */
export function keyRowsOfTenantStream(events: readonly RecordedEvent[]): Row[] {
  return foldRows<Keys>(events, new Map(), evolve, view);
}

/** A key's recorded uses: how many, and the latest (one ApiKeyUsed event per key and minute). */
export interface KeyUses {
  readonly count: number;
  readonly lastUsedAt: string;
  readonly streamId: string;
  readonly eventId: string;
  readonly recordedAt: string;
}

/**
 * The key rows with their uses: last_used_at is the latest use, the version counts the uses on top of the
 * tenant stream's revision (it only grows), and a use later than the key's last change names the row's source.
 */
export function keyRowsWithUses(tenantEvents: readonly RecordedEvent[], uses: ReadonlyMap<string, KeyUses>): Row[] {
  return keyRowsOfTenantStream(tenantEvents).map((row) => {
    const use = uses.get(text(row.key_id));
    if (!use) return row;
    const later = Date.parse(use.recordedAt) > Date.parse(text(row.updated_at));
    return {
      ...row,
      last_used_at: timestamp(use.lastUsedAt),
      source_revision: Number(row.source_revision) + use.count,
      ...(later
        ? { source_stream_id: use.streamId, source_event_id: use.eventId, updated_at: timestamp(use.recordedAt) }
        : {}),
    };
  });
}

const usesSql = (dataset: string): string => `
SELECT tenant_id, stream_id, event_id, recorded_at, TO_JSON_STRING(data) AS data
FROM \`${dataset}.tenant_event_log\`
WHERE tenant_id IN UNNEST(@tenants) AND event_type = 'ApiKeyUsed'`;

function usesByKey(rows: readonly Row[]): Map<string, KeyUses> {
  const uses = new Map<string, KeyUses>();
  for (const row of rows) {
    const data = JSON.parse(text(row.data)) as { keyId: string; usedAt: string };
    const key = `${text(row.tenant_id)}\u0000${data.keyId}`;
    const previous = uses.get(key);
    const newer =
      !previous ||
      data.usedAt > previous.lastUsedAt ||
      (data.usedAt === previous.lastUsedAt && text(row.stream_id) > previous.streamId);
    const mark = {
      lastUsedAt: data.usedAt,
      streamId: text(row.stream_id),
      eventId: text(row.event_id),
      recordedAt: text(row.recorded_at),
    };
    uses.set(key, { ...(newer ? mark : (previous as KeyUses)), count: (previous?.count ?? 0) + 1 });
  }
  return uses;
}

async function compute(keys: readonly DerivedKey[], source: DerivedSource): Promise<readonly Row[]> {
  const tenants = [...new Set(keys.map((key) => key.tenantId))];
  const uses = usesByKey(await source.query(usesSql(source.dataset), { tenants }, { tenants: ['STRING'] }));
  const rows: Row[] = [];
  for (const tenantId of tenants) {
    const ofTenant = new Map(
      [...uses]
        .filter(([key]) => key.startsWith(`${tenantId}\u0000`))
        .map(([key, use]) => [key.slice(tenantId.length + 1), use]),
    );
    rows.push(...keyRowsWithUses(await source.readStream(tenantStreamId(tenantId)), ofTenant));
  }
  return rows;
}

/**
 * tenant_api_keys: one row per key issued in a tenant stream — its hash, never the key — with its last use.
 * Derived, because a key's uses are events of their own streams: any tenant event or key use recomputes the
 * tenant's keys from its stream and the uses already mirrored in tenant_event_log (merged earlier in the batch).
 */
export const tenantApiKeysProjection: DerivedProjection = {
  kind: 'derived',
  table: tenantApiKeys,
  touches: (event) =>
    isTenantStream(event.streamId) || event.streamId.startsWith(KEY_USE_STREAM_PREFIX)
      ? [{ tenantId: event.tenantId, key: event.tenantId }]
      : [],
  compute,
};
