import type { RecordedEvent } from '../../eventstore';
import type { Row, TableDefinition } from '../../warehouse/warehouse';
import type { DerivedKey, DerivedProjection, Projection, StreamProjection } from '../projection';
import type { StreamSlice } from './stream-prefixes';

/** An event (or stream) a projection could not map: set aside after repeated attempts, never silently dropped. */
export class ProjectionFailed extends Error {
  readonly code = 'PROJECTION_FAILED';
  constructor(
    readonly table: string,
    readonly streamId: string,
    failure: unknown,
  ) {
    super(
      `Projection ${table} failed on stream ${streamId}: ${failure instanceof Error ? failure.message : String(failure)}`,
      { cause: failure },
    );
    this.name = 'ProjectionFailed';
  }
}

export interface TableRows {
  readonly table: TableDefinition;
  readonly rows: readonly Row[];
}

/**
 * The pure half of a batch: for every stream projection, the rows of the batch's streams whose version lies
 * in the batch (a row last changed before the batch is already merged); and for every derived projection,
 * the keys the batch touches. `prefixes` holds each stream's events from revision 1 to the batch's last.
 */
export function planBatch(
  projections: readonly Projection[],
  slices: readonly StreamSlice[],
  prefixes: ReadonlyMap<string, readonly RecordedEvent[]>,
): {
  readonly streamRows: readonly TableRows[];
  readonly derivedKeys: ReadonlyMap<DerivedProjection, readonly DerivedKey[]>;
} {
  const streamRows: TableRows[] = [];
  const derivedKeys = new Map<DerivedProjection, readonly DerivedKey[]>();
  for (const projection of projections) {
    if (projection.kind === 'stream') {
      const rows = slices.flatMap((slice) => rowsOfSlice(projection, slice, prefixes.get(slice.streamId) ?? []));
      if (rows.length > 0) streamRows.push({ table: projection.table, rows });
    } else {
      const keys = new Map<string, DerivedKey>();
      for (const slice of slices) {
        const prefix = prefixes.get(slice.streamId) ?? [];
        for (const event of slice.events) {
          const touched = attempt(projection.table.name, slice.streamId, () =>
            projection.touches(event, prefix.slice(0, event.revision)),
          );
          for (const key of touched) keys.set(`${key.tenantId}\u0000${key.key}`, key);
        }
      }
      if (keys.size > 0) derivedKeys.set(projection, [...keys.values()]);
    }
  }
  return { streamRows, derivedKeys };
}

function rowsOfSlice(
  projection: StreamProjection,
  slice: StreamSlice,
  prefix: readonly RecordedEvent[],
): readonly Row[] {
  if (!projection.accepts(slice.streamId)) return [];
  const rows = attempt(projection.table.name, slice.streamId, () => projection.rows(prefix));
  // The version column holds the revision of the event that last changed the row (event log: the event's own).
  const version = projection.table.versionColumn ?? 'source_revision';
  return rows.filter((row) => Number(row[version]) >= slice.firstRevision);
}

function attempt<T>(table: string, streamId: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new ProjectionFailed(table, streamId, error);
  }
}
