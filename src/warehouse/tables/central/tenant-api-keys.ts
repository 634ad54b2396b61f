import type { TableDefinition } from '../../warehouse';
import { PROJECTION_VERSION_COLUMN, nullable, projectionColumns, repeated, required, tenantIdColumn } from '../columns';

/** Never the key itself: the secret is shown once at issue time and only its peppered hash is ever stored. */
export const tenantApiKeys: TableDefinition = {
  name: 'tenant_api_keys',
  description: 'One row per issued API key: its peppered SHA-256 hash (never the key), scopes, status, expiry and use.',
  columns: [
    tenantIdColumn,
    required('key_id', 'STRING', 'Public identifier of the key (not secret).'),
    required('key_hash', 'STRING', 'Hex peppered SHA-256 of the key. The key itself is never stored.'),
    nullable('name', 'STRING', 'Human label given when the key was issued.'),
    repeated('scopes', 'STRING', 'Granted scopes, e.g. `runs:write`, `runs:read`.'),
    required(
      'status',
      'STRING',
      "ACTIVE | REVOKED, as of the key's last event (expiry needs no event: compare expires_at).",
    ),
    required('created_at', 'TIMESTAMP', 'When the key was issued. Partition column.'),
    nullable('created_by', 'STRING', 'Actor that issued the key.'),
    nullable('expires_at', 'TIMESTAMP', 'Expiry; NULL for keys that do not expire.'),
    nullable('revoked_at', 'TIMESTAMP', 'When the key was revoked.'),
    nullable('revoked_by', 'STRING', 'Actor that revoked the key.'),
    nullable('revoke_reason', 'STRING', 'Why it was revoked (e.g. `tenant offboarded`).'),
    nullable(
      'last_used_at',
      'TIMESTAMP',
      'Last use of the key: the latest of its ApiKeyUsed events (at most one per key and minute, each in its own `keyuse-…` stream).',
    ),
    ...projectionColumns(),
  ],
  partitionBy: { column: 'created_at' },
  clusterBy: ['tenant_id', 'status'],
  keyColumns: ['tenant_id', 'key_id'],
  versionColumn: PROJECTION_VERSION_COLUMN,
};
