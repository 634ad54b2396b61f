import type { ColumnDefinition, ColumnType } from '../warehouse';

/**
 * Small builders so each table file reads like a schema listing. Every column carries a description: the
 * docs (docs/warehouse.md) and BigQuery's own column descriptions are generated from it.
 */
export function required(name: string, type: ColumnType, description: string): ColumnDefinition {
  return { name, type, mode: 'REQUIRED', description };
}

export function nullable(name: string, type: ColumnType, description: string): ColumnDefinition {
  return { name, type, mode: 'NULLABLE', description };
}

export function repeated(name: string, type: ColumnType, description: string): ColumnDefinition {
  return { name, type, mode: 'REPEATED', description };
}

export function record(
  name: string,
  mode: 'NULLABLE' | 'REQUIRED' | 'REPEATED',
  description: string,
  fields: readonly ColumnDefinition[],
): ColumnDefinition {
  return { name, type: 'RECORD', mode, description, fields };
}

export const tenantIdColumn = required(
  'tenant_id',
  'STRING',
  'Tenant id (`^[a-z0-9_]{3,50}$`); every central row carries it and tables cluster on it first.',
);

/**
 * Columns every projected table carries. They come from the event that last changed the row, never from the
 * wall clock of the projector: a replay must rebuild byte-identical rows, or checksums could never match.
 */
export function projectionColumns(): readonly ColumnDefinition[] {
  return [
    required(
      'source_revision',
      'INT64',
      'Version of the row: the revision (position) of the last event applied to it. MERGE never lets a lower value overwrite a higher one.',
    ),
    required(
      'source_stream_id',
      'STRING',
      'Event stream the last applied event belongs to (e.g. `tenant-acme`, `run-…`).',
    ),
    required('source_event_id', 'STRING', 'eventId (uuid) of the last event applied to this row.'),
    required('updated_at', 'TIMESTAMP', 'recordedAt of the last event applied to this row (commit time in Firestore).'),
  ];
}

/**
 * The same columns on a derived table (an aggregate recomputed from other projected tables): its version is
 * a sum that grows with every fact folded into the row (the table says which), and the identity columns name
 * the latest event among those facts. All still come from events, never from a clock.
 */
export function derivedProjectionColumns(version: string): readonly ColumnDefinition[] {
  return [
    required('source_revision', 'INT64', `Version of the row: ${version}; it never decreases as events arrive.`),
    required('source_stream_id', 'STRING', 'Stream of the latest event folded into this row.'),
    required('source_event_id', 'STRING', 'eventId (uuid) of the latest event folded into this row.'),
    required(
      'updated_at',
      'TIMESTAMP',
      'recordedAt of the latest event folded into this row (commit time in Firestore).',
    ),
  ];
}

/** The merge identity shared by projected tables: the row version is the event revision. */
export const PROJECTION_VERSION_COLUMN = 'source_revision';
