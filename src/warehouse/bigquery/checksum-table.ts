import type { TableChecksum, TableRef } from '../warehouse';
import { WarehouseError } from '../warehouse';
import type { AdapterContext } from './context';
import { qualifiedTableName } from './identifiers';
import { runStatement } from './run-query';

/**
 * An order-independent digest of a table's content: each row's JSON is fingerprinted and the fingerprints are
 * combined with XOR (order-independent) and with an exact NUMERIC sum. XOR alone cancels a pair of identical
 * rows (A,A,B and B,C,C share count and XOR); the sum does not. Replay compares these between a rebuilt and a
 * live table, so both sides are computed by the same engine.
 */
export async function checksumTable(context: AdapterContext, ref: TableRef): Promise<TableChecksum> {
  const sql = [
    'SELECT',
    '  COUNT(*) AS row_count,',
    '  CAST(IFNULL(BIT_XOR(FARM_FINGERPRINT(TO_JSON_STRING(t))), 0) AS STRING) AS xor_fingerprint,',
    '  CAST(IFNULL(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS NUMERIC)), 0) AS STRING) AS sum_fingerprint',
    `FROM ${qualifiedTableName(context.projectId, ref)} AS t`,
  ].join('\n');
  const result = await runStatement(context, 'checksumTable', sql, [], { labels: { operation: 'checksum_table' } });
  const row = result.rows[0];
  const rows = Number(row?.row_count);
  if (!row || !Number.isSafeInteger(rows))
    throw new WarehouseError('UNKNOWN', `checksumTable ${ref.dataset}.${ref.table}: no result row`, {
      operation: 'checksumTable',
    });
  return { rows, checksum: `${String(row.xor_fingerprint)}:${normalizeInteger(String(row.sum_fingerprint))}` };
}

/** NUMERIC text may come back as `12` or `12.0…`; the sum of integers is an integer either way. */
function normalizeInteger(text: string): string {
  return text.replace(/\.0*$/, '');
}
