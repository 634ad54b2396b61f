import type { RecordedEvent } from '../../../src/eventstore';
import { sourceColumns, type DerivedProjection, type StreamProjection } from '../../../src/projections/projection';
import type { Row, TableDefinition } from '../../../src/warehouse/warehouse';
import {
  PROJECTION_VERSION_COLUMN,
  projectionColumns,
  required,
  tenantIdColumn,
} from '../../../src/warehouse/tables/columns';

/** Test projections over the event store's test events (CounterIncremented): they exercise the runtime alone. */
export const counterTotals: TableDefinition = {
  name: 'counter_totals',
  description: 'Per stream: the sum of its increments.',
  columns: [
    tenantIdColumn,
    required('stream_id', 'STRING', 'stream'),
    required('total', 'INT64', 'sum'),
    required('events', 'INT64', 'count'),
    ...projectionColumns(),
  ],
  keyColumns: ['tenant_id', 'stream_id'],
  versionColumn: PROJECTION_VERSION_COLUMN,
};

export const tenantTotals: TableDefinition = {
  name: 'tenant_totals',
  description: 'Per tenant: streams and the sum of all their increments.',
  columns: [
    tenantIdColumn,
    required('streams', 'INT64', 'streams'),
    required('total', 'INT64', 'sum'),
    ...projectionColumns(),
  ],
  keyColumns: ['tenant_id'],
  versionColumn: PROJECTION_VERSION_COLUMN,
};

/** A negative increment is this projection's poison: it throws, as a mapping bug would. */
export const counterTotalsProjection: StreamProjection = {
  kind: 'stream',
  table: counterTotals,
  accepts: (streamId) => streamId.startsWith('counter-'),
  rows: (events: readonly RecordedEvent[]) => {
    let total = 0;
    for (const event of events) {
      const by = (event.data as { by: number }).by;
      if (by < 0) throw new Error(`negative increment at revision ${event.revision}`);
      total += by;
    }
    const last = events[events.length - 1];
    return last
      ? [{ tenant_id: last.tenantId, stream_id: last.streamId, total, events: events.length, ...sourceColumns(last) }]
      : [];
  },
};

export const tenantTotalsProjection: DerivedProjection = {
  kind: 'derived',
  table: tenantTotals,
  touches: (event) =>
    event.streamId.startsWith('counter-') ? [{ tenantId: event.tenantId, key: event.tenantId }] : [],
  compute: async (keys, source) => {
    const rows = await source.query(
      `SELECT tenant_id, COUNT(*) AS streams, SUM(total) AS total, SUM(source_revision) AS version, MAX(updated_at) AS updated_at
       FROM \`${source.dataset}.counter_totals\` WHERE tenant_id IN UNNEST(@tenants) GROUP BY tenant_id`,
      { tenants: keys.map((key) => key.tenantId) },
      { tenants: ['STRING'] },
    );
    return rows.map((row): Row => ({
      tenant_id: row.tenant_id,
      streams: Number(row.streams),
      total: Number(row.total),
      source_revision: Number(row.version),
      source_stream_id: `tenant-${String(row.tenant_id)}`,
      source_event_id: 'derived',
      updated_at: row.updated_at,
    }));
  },
};
