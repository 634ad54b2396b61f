import type { RecordedEvent } from '../eventstore';
import type { Row, TableDefinition } from '../warehouse/warehouse';

/**
 * How a projected table is derived from the log. Two shapes cover every central table:
 *
 * - a **stream projection** is a pure fold of ONE stream: given the stream's events from revision 1 (in
 *   order, as the store returns them) it returns the table's rows for that stream, each carrying the
 *   projection columns (`source_revision` = revision of the last event that changed the row). The runtime
 *   feeds it the stream's prefix up to the newest revision of the batch, and keeps only rows whose
 *   `source_revision` lies at or after the batch's first revision of that stream — so replaying, repeating
 *   or reordering events changes nothing, and an old event never overwrites a newer row (the merge's version
 *   guard).
 * - a **derived projection** aggregates across streams (usage per day, a schedule's last run): events say
 *   which keys they touch; after the stream projections of the batch are merged, the runtime asks it to
 *   recompute those keys from the already-projected tables (one read, one merge). Its rows are a function
 *   of the projected state, so recomputing is always idempotent.
 */
export interface StreamProjection {
  readonly kind: 'stream';
  readonly table: TableDefinition;
  /** Whether events of this stream id feed the table (`tenant-…`, `run-…`, `usage-…`, `system`). */
  readonly accepts: (streamId: string) => boolean;
  /** Every row of the table that this stream's events (revision 1…n, in order) produce. Pure; may throw on an event it cannot map. */
  readonly rows: (events: readonly RecordedEvent[]) => readonly Row[];
}

/** A key a derived projection recomputes, e.g. `{ tenantId, key: '2026-11-27' }`. */
export interface DerivedKey {
  readonly tenantId: string;
  readonly key: string;
}

/** What a derived projection may read: the projected tables of the target set, and whole streams. */
export interface DerivedSource {
  /** The dataset holding the central tables being written (live `tenants` or a replay's shadow). */
  readonly dataset: string;
  /** Runs one read-only query (BigQuery SQL; `${dataset}` already substituted by the caller). */
  readonly query: (
    sql: string,
    params: Readonly<Record<string, unknown>>,
    types?: Readonly<Record<string, unknown>>,
  ) => Promise<readonly Row[]>;
  readonly readStream: (streamId: string) => Promise<readonly RecordedEvent[]>;
}

export interface DerivedProjection {
  readonly kind: 'derived';
  readonly table: TableDefinition;
  /** Keys this event may change, given the events of its stream up to and including it. Pure. */
  readonly touches: (event: RecordedEvent, streamEvents: readonly RecordedEvent[]) => readonly DerivedKey[];
  /** The current rows for these keys, computed from the projected tables (after the batch's stream merges). */
  readonly compute: (keys: readonly DerivedKey[], source: DerivedSource) => Promise<readonly Row[]>;
}

export type Projection = StreamProjection | DerivedProjection;

/** Projection columns of a row last changed by `event`. */
export function sourceColumns(event: RecordedEvent): Row {
  return {
    source_revision: event.revision,
    source_stream_id: event.streamId,
    source_event_id: event.eventId,
    updated_at: event.recordedAt.toDate().toISOString(),
  };
}
