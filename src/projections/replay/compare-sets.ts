import type { TableDefinition, TableRef, Warehouse } from '../../warehouse/warehouse';
import type { ProjectionSet } from '../projection-set';
import type { TableComparison } from './replay-record';

const SAMPLE = 5;

/**
 * Compares two projection sets table by table: an order-independent checksum each, and for a table that
 * differs, the first rows (as JSON) that only one side holds, so an operator sees what diverged.
 */
export async function compareSets(
  warehouse: Warehouse,
  tables: readonly TableDefinition[],
  live: ProjectionSet,
  shadow: ProjectionSet,
): Promise<readonly TableComparison[]> {
  const comparisons: TableComparison[] = [];
  for (const table of tables) {
    const liveRef = { dataset: live.dataset, table: table.name };
    const shadowRef = { dataset: shadow.dataset, table: table.name };
    const [liveSum, shadowSum] = await Promise.all([
      warehouse.checksumTable(liveRef),
      warehouse.checksumTable(shadowRef),
    ]);
    const equal = liveSum.rows === shadowSum.rows && liveSum.checksum === shadowSum.checksum;
    const [onlyLive, onlyShadow] = equal
      ? [[], []]
      : await Promise.all([rowsOnlyIn(warehouse, liveRef, shadowRef), rowsOnlyIn(warehouse, shadowRef, liveRef)]);
    comparisons.push({ table: table.name, live: liveSum, shadow: shadowSum, equal, onlyLive, onlyShadow });
  }
  return comparisons;
}

async function rowsOnlyIn(warehouse: Warehouse, side: TableRef, other: TableRef): Promise<string[]> {
  const sql = [
    `SELECT TO_JSON_STRING(t) AS row_json FROM \`${side.dataset}.${side.table}\` AS t`,
    'EXCEPT DISTINCT',
    `SELECT TO_JSON_STRING(t) AS row_json FROM \`${other.dataset}.${other.table}\` AS t`,
    `ORDER BY row_json LIMIT ${SAMPLE}`,
  ].join('\n');
  const result = await warehouse.runQuery(sql, { timeoutMs: 120_000 });
  return result.rows.map((row) => String(row.row_json));
}
