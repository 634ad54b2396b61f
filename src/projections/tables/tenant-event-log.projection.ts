import type { RecordedEvent } from '../../eventstore';
import { redactSecrets } from '../../security';
import type { Row } from '../../warehouse/warehouse';
import { tenantEventLog } from '../../warehouse/tables/central/tenant-event-log';
import type { StreamProjection } from '../projection';
import { nullableTimestamp } from './domain-events';

/**
 * The payload as the mirror shows it: a credential's `encrypted` envelope (ciphertext, iv, tag, key version)
 * dropped, then secret-named fields and secrets in text masked wherever they are (step details, parameters).
 * API key hashes are peppered digests, not secrets: they stay.
 */
export function eventLogData(event: RecordedEvent): unknown {
  const data = event.data;
  if (event.type === 'CredentialStored' && typeof data === 'object' && data !== null) {
    const { encrypted: _encrypted, ...rest } = data as Record<string, unknown>;
    return redactSecrets(rest);
  }
  return redactSecrets(data);
}

/** One row per event; the row is the event, so its own revision is the version. */
export function eventLogRow(event: RecordedEvent): Row {
  return {
    tenant_id: event.tenantId,
    stream_id: event.streamId,
    revision: event.revision,
    event_id: event.eventId,
    event_type: event.type,
    schema_version: event.schemaVersion,
    partition: event.partition,
    recorded_at: event.recordedAt.toDate().toISOString(),
    occurred_at: nullableTimestamp(event.meta.occurredAt),
    correlation_id: event.meta.correlationId ?? null,
    causation_id: event.meta.causationId ?? null,
    actor: event.meta.actor ?? null,
    prev_hash: event.prevHash,
    hash: event.hash,
    data: eventLogData(event) ?? null,
  };
}

/** tenant_event_log: every event of every stream — tenant, run, usage and the system stream (`_system`). */
export const tenantEventLogProjection: StreamProjection = {
  kind: 'stream',
  table: tenantEventLog,
  accepts: () => true,
  rows: (events) => events.map(eventLogRow),
};
