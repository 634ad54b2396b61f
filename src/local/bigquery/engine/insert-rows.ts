import { type DuckDBValue, LIST, listValue, STRUCT, VARCHAR } from '@duckdb/node-api';
import { quoteIdentifier, quoteString } from '../translator/sql-text';
import { type BigQueryField, duckTypeOfField } from './bigquery-schema';
import type { Bindings, EngineSession } from './duckdb-engine';
import { convertValue, lookup, ValueConversionError, type ValueSink } from './value-conversion';
import { canonicalJsonSink, duckValueSink, jsonStructure, NotJsonTransportable } from './value-sinks';

export interface InsertAllRequest {
  readonly rows: readonly { readonly json: Readonly<Record<string, unknown>>; readonly insertId?: string }[];
  readonly skipInvalidRows?: boolean;
  readonly ignoreUnknownValues?: boolean;
}

export interface InsertError {
  readonly index: number;
  readonly errors: readonly { readonly reason: string; readonly location: string; readonly message: string }[];
}

/** How long an insertId suppresses a re-sent row: BigQuery's best-effort de-duplication is about a minute. */
const DEDUP_WINDOW_MS = 60_000;

/** insertIds seen per table within the window; a row re-sent with the same insertId is accepted but not stored twice. */
export class InsertIdWindow {
  private readonly seen = new Map<string, Map<string, number>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** False when a row with this insertId was stored in the table within the window. */
  isFresh(table: string, insertId: string): boolean {
    const ids = this.seen.get(table);
    if (!ids) return true;
    const now = this.now();
    for (const [id, expiry] of ids) if (expiry <= now) ids.delete(id);
    return !ids.has(insertId);
  }

  /** Called once the rows are stored: a failed insert must not make its retry look like a duplicate. */
  remember(table: string, insertIds: readonly string[]): void {
    const ids = this.seen.get(table) ?? new Map<string, number>();
    this.seen.set(table, ids);
    const expiry = this.now() + DEDUP_WINDOW_MS;
    for (const id of insertIds) ids.set(id, expiry);
  }
}

/**
 * tabledata.insertAll: every row is converted against the table's schema first; when any row is invalid and
 * skipInvalidRows is off, nothing is stored and the valid rows are reported `stopped`, as BigQuery does. The
 * accepted rows go in as one statement over one bound parameter: JSON text read back by from_json (fast), or a
 * LIST(STRUCT) of DuckDB values when a row holds what JSON cannot carry (BYTES, NaN).
 */
export async function insertRows(
  session: EngineSession,
  table: { readonly datasetId: string; readonly tableId: string; readonly fields: readonly BigQueryField[] },
  request: InsertAllRequest,
  insertIds: InsertIdWindow,
): Promise<InsertError[]> {
  let sink: ValueSink<unknown> = canonicalJsonSink;
  let checked: ReturnType<typeof convertRows>;
  try {
    checked = convertRows(request, table.fields, sink);
  } catch (error) {
    if (!(error instanceof NotJsonTransportable)) throw error;
    sink = duckValueSink as ValueSink<unknown>;
    checked = convertRows(request, table.fields, sink);
  }
  const { converted, invalid } = checked;
  if (invalid.length > 0 && !request.skipInvalidRows) {
    const stopped = converted.map(({ index }) => ({
      index,
      errors: [{ reason: 'stopped', location: '', message: '' }],
    }));
    return [...invalid, ...stopped].sort((a, b) => a.index - b.index);
  }
  const tableKey = `${table.datasetId}.${table.tableId}`;
  const inThisRequest = new Set<string>();
  const accepted = converted.filter(({ index }) => {
    const insertId = request.rows[index]!.insertId;
    if (insertId === undefined) return true;
    if (inThisRequest.has(insertId) || !insertIds.isFresh(tableKey, insertId)) return false;
    inThisRequest.add(insertId);
    return true;
  });
  if (accepted.length > 0) {
    const values = accepted.map(({ value }) => value);
    const rowsField: BigQueryField = { name: 'rows', type: 'RECORD', mode: 'REPEATED', fields: table.fields };
    const [source, bindings]: [string, Bindings] =
      sink === canonicalJsonSink
        ? [
            `from_json($rows, ${quoteString(JSON.stringify(jsonStructure(rowsField)))})`,
            { values: { rows: JSON.stringify(values) }, types: { rows: VARCHAR } },
          ]
        : [
            '$rows',
            {
              values: { rows: listValue(values as DuckDBValue[]) },
              types: { rows: LIST(STRUCT(Object.fromEntries(table.fields.map((f) => [f.name, duckTypeOfField(f)])))) },
            },
          ];
    await session.run(
      `INSERT INTO ${quoteIdentifier(table.datasetId)}.${quoteIdentifier(table.tableId)} BY NAME SELECT r.* FROM (SELECT UNNEST(${source}) AS r)`,
      bindings,
    );
    insertIds.remember(tableKey, [...inThisRequest]);
  }
  return invalid;
}

/** Every row checked against the schema into `sink`: the converted rows and the per-row errors. */
function convertRows(request: InsertAllRequest, fields: readonly BigQueryField[], sink: ValueSink<unknown>) {
  const converted: { index: number; value: unknown }[] = [];
  const invalid: InsertError[] = [];
  const ignoreUnknownValues = request.ignoreUnknownValues ?? false;
  request.rows.forEach((row, index) => {
    try {
      if (!ignoreUnknownValues) {
        const unknown = Object.keys(row.json).find(
          (key) => !fields.some((field) => field.name.toLowerCase() === key.toLowerCase()),
        );
        if (unknown !== undefined) throw new ValueConversionError(`no such field: ${unknown}.`, unknown);
      }
      const entries: Record<string, unknown> = {};
      for (const field of fields)
        entries[field.name] = convertValue(lookup(row.json, field.name), field, sink, { ignoreUnknownValues });
      converted.push({ index, value: sink.record(entries) });
    } catch (error) {
      if (!(error instanceof ValueConversionError)) throw error;
      invalid.push({ index, errors: [{ reason: 'invalid', location: error.location, message: error.message }] });
    }
  });
  return { converted, invalid };
}
