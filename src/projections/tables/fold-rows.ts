import type { RecordedEvent } from '../../eventstore';
import type { Row } from '../../warehouse/warehouse';
import { sourceColumns } from '../projection';

/**
 * The fold every stream projection shares: the state evolves event by event, `view` lists the table's rows
 * of that state by key, and each row carries the projection columns of the LAST event that changed its
 * content (an event that leaves a row as it was does not restamp it). So the rows of a prefix, filtered by
 * source_revision, are exactly what a longer prefix changed — what the runtime's incremental merge needs.
 * A key once seen keeps its last row: MERGE upserts and never deletes.
 */
export function foldRows<S>(
  events: readonly RecordedEvent[],
  initial: S,
  evolve: (state: S, event: RecordedEvent) => S,
  view: (state: S) => Iterable<readonly [string, Row]>,
): Row[] {
  let state = initial;
  const rows = new Map<string, { readonly content: string; readonly row: Row }>();
  for (const event of events) {
    state = evolve(state, event);
    for (const [key, row] of view(state)) {
      const content = JSON.stringify(row);
      if (rows.get(key)?.content === content) continue;
      rows.set(key, { content, row: { ...row, ...sourceColumns(event) } });
    }
  }
  return [...rows.values()].map((entry) => entry.row);
}
