import type { Row, TableDefinition, WriteOptions } from '../warehouse';
import type { AdapterContext } from './context';
import { dedupeByKey } from './dedupe-by-key';
import { encodeRowChunks, rowsParameter } from './encode-rows';
import { assertDatasetId } from './identifiers';
import { runStatement } from './run-query';
import { ROWS_PARAMETER, insertStatement, mergeStatement } from './write-statements';

/** Size budget of the rows parameter per statement (see DEFAULT_ROWS_PARAMETER_BUDGET_BYTES). */
export interface WriteBudget {
  readonly rowsParameterBudgetBytes: number;
}

/**
 * Upserts a batch in ONE MERGE statement. Only a batch larger than one request can carry is split, into
 * sequential MERGEs over disjoint keys (the batch is de-duplicated by key first), each of which is idempotent
 * under the version guard, so retrying a partly applied batch converges to the same table.
 */
export async function mergeRows(
  context: AdapterContext & WriteBudget,
  dataset: string,
  definition: TableDefinition,
  rows: readonly Row[],
  options: WriteOptions = {},
): Promise<{ affectedRows: number }> {
  assertDatasetId(dataset);
  const sql = mergeStatement(context.projectId, dataset, definition);
  const chunks = encodeRowChunks(definition, dedupeByKey(definition, rows), context.rowsParameterBudgetBytes);
  let affectedRows = 0;
  for (const [index, chunk] of chunks.entries()) {
    const result = await runStatement(context, 'mergeRows', sql, [rowsParameter(ROWS_PARAMETER, definition, chunk)], {
      jobId: chunkJobId(options.jobId, index, chunks.length),
      timeoutMs: options.timeoutMs,
      labels: { operation: 'merge_rows' },
    });
    affectedRows += result.affectedRows ?? 0;
  }
  return { affectedRows };
}

/**
 * Appends with a DML INSERT … SELECT FROM UNNEST(@rows) rather than the streaming insertAll API: each statement
 * is atomic, typed by the definition, free of the streaming buffer (rows streamed with insertAll cannot be
 * touched by UPDATE/DELETE/MERGE for up to ~90 minutes, which would break a later merge or overwrite of the same
 * table), and it carries a job id, so a retried append with the same jobId never inserts twice.
 */
export async function appendRows(
  context: AdapterContext & WriteBudget,
  dataset: string,
  definition: TableDefinition,
  rows: readonly Row[],
  options: WriteOptions = {},
): Promise<void> {
  assertDatasetId(dataset);
  const sql = insertStatement(context.projectId, dataset, definition);
  const chunks = encodeRowChunks(definition, rows, context.rowsParameterBudgetBytes);
  for (const [index, chunk] of chunks.entries()) {
    await runStatement(context, 'appendRows', sql, [rowsParameter(ROWS_PARAMETER, definition, chunk)], {
      jobId: chunkJobId(options.jobId, index, chunks.length),
      timeoutMs: options.timeoutMs,
      labels: { operation: 'append_rows' },
    });
  }
}

/** The caller's job id names a single-statement write; chunks of a split write get `_c{n}` suffixes. */
function chunkJobId(jobId: string | undefined, index: number, count: number): string | undefined {
  if (jobId === undefined) return undefined;
  return count === 1 ? jobId : `${jobId}_c${index}`;
}
