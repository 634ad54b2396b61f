import type { TableDefinition } from '../../warehouse';
import { nullable, required, tenantIdColumn } from '../columns';

/**
 * The event-log mirror: every event of every stream (tenant, run, usage and system). Events are immutable, so
 * the stream revision itself is the version: re-applying an event is an equal-version no-op. `data` is the
 * payload with secret material removed (a credential's `encrypted` envelope is dropped, secret-named fields
 * and secrets in text are masked; API key hashes stay), so this table can be queried freely by operators.
 */
export const tenantEventLog: TableDefinition = {
  name: 'tenant_event_log',
  description:
    'Every event of the Firestore log (tenant and system): ids, type, stream, revision, times, hash chain and payload without secrets.',
  columns: [
    { ...tenantIdColumn, description: 'Tenant the event belongs to; `_system` for system events.' },
    required('stream_id', 'STRING', 'Stream of the event (`tenant-…`, `run-…`, `system`).'),
    required('revision', 'INT64', 'Revision of the event within its stream, from 1.'),
    required('event_id', 'STRING', 'eventId (uuid).'),
    required('event_type', 'STRING', 'Event type, e.g. `TenantOnboarded`, `RunRequested`.'),
    required('schema_version', 'INT64', 'schemaVersion of the payload as recorded.'),
    required('partition', 'INT64', 'Projection partition (hash(tenant_id) mod P).'),
    required('recorded_at', 'TIMESTAMP', 'Firestore commit time of the event. Partition column.'),
    nullable('occurred_at', 'TIMESTAMP', 'meta.occurredAt: when the fact happened according to its author.'),
    nullable('correlation_id', 'STRING', 'meta.correlationId.'),
    nullable('causation_id', 'STRING', 'meta.causationId.'),
    nullable('actor', 'STRING', 'meta.actor (user id, `scheduler`, `system`).'),
    nullable('prev_hash', 'STRING', 'Hash of the previous event in the stream (64 zeros for revision 1).'),
    required('hash', 'STRING', 'sha256(prev_hash ‖ canonical event JSON): the tamper-evident chain.'),
    nullable('data', 'JSON', 'Event payload with secret material removed.'),
  ],
  partitionBy: { column: 'recorded_at' },
  clusterBy: ['tenant_id', 'stream_id', 'event_type'],
  keyColumns: ['tenant_id', 'stream_id', 'revision'],
  versionColumn: 'revision',
};
