import fc from 'fast-check';
import type { RecordedEvent } from '../../../../src/eventstore';
import type { StreamProjection } from '../../../../src/projections/projection';
import { encodeStruct } from '../../../../src/warehouse/bigquery/row-parameter';
import type { Row, TableDefinition } from '../../../../src/warehouse/warehouse';

export const keyOf = (table: TableDefinition, row: Row): string =>
  (table.keyColumns ?? []).map((column) => String(row[column])).join('\u0000');

/** The rows a projection gives for the stream, by key — asserting each fits the table as the adapter would encode it. */
export function rowsByKey(projection: StreamProjection, events: readonly RecordedEvent[]): Map<string, Row> {
  const rows = projection.rows(events);
  rows.forEach((row, index) => encodeStruct(projection.table.columns, row, `${projection.table.name}[${index}]`));
  const byKey = new Map(rows.map((row) => [keyOf(projection.table, row), row] as const));
  expect(byKey.size).toBe(rows.length); // one row per key
  return byKey;
}

/** The single row of a projection for a stream that yields one. */
export function onlyRow(projection: StreamProjection, events: readonly RecordedEvent[]): Row {
  const rows = [...rowsByKey(projection, events).values()];
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

/**
 * What the runtime does with a stream delivered in batches ending at `cuts`: fold each batch's prefix, keep the
 * rows whose version lies in the batch, merge them under the version guard (a lower or equal version is skipped).
 */
export function mergedInBatches(
  projection: StreamProjection,
  events: readonly RecordedEvent[],
  cuts: readonly number[],
): Map<string, Row> {
  const version = projection.table.versionColumn ?? 'source_revision';
  const table = new Map<string, Row>();
  let first = 1;
  for (const cut of [...cuts, events.length]) {
    if (cut < first) continue;
    for (const row of projection.rows(events.slice(0, cut)).filter((r) => Number(r[version]) >= first)) {
      const key = keyOf(projection.table, row);
      const current = table.get(key);
      if (!current || Number(row[version]) > Number(current[version])) table.set(key, row);
    }
    first = cut + 1;
  }
  return table;
}

/** Property: however the stream is cut into batches, merging batch by batch ends with the rows of the whole fold. */
export function assertBatchInvariant(projection: StreamProjection, events: readonly RecordedEvent[], runs = 100): void {
  const whole = rowsByKey(projection, events);
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, events.length) }), { maxLength: events.length }),
      (cuts) => {
        const sorted = [...cuts].sort((a, b) => a - b);
        expect(mergedInBatches(projection, events, sorted)).toEqual(whole);
      },
    ),
    { numRuns: runs },
  );
}

/** Every string value anywhere in the rows (for secret scans). */
export function allText(rows: Iterable<Row>): string {
  return JSON.stringify([...rows]);
}

/** Property: a row the whole stream last changed at revision r is exactly the row of the prefix ending at r, or later. */
export function assertPrefixInvariant(
  projection: StreamProjection,
  events: readonly RecordedEvent[],
  runs = 100,
): void {
  const version = projection.table.versionColumn ?? 'source_revision';
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: Math.max(1, events.length) }),
      fc.integer({ min: 0, max: Math.max(0, events.length) }),
      (a, extra) => {
        const b = Math.min(events.length, a + extra);
        const shorter = rowsByKey(projection, events.slice(0, a));
        const longer = rowsByKey(projection, events.slice(0, b));
        for (const [key, row] of longer) if (Number(row[version]) <= a) expect(shorter.get(key)).toEqual(row);
      },
    ),
    { numRuns: runs },
  );
}
