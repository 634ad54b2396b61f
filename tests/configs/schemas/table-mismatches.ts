import type { ColumnDefinition, TableDescription } from '../../../src/warehouse/warehouse';
import type { ExpectedColumn, ExpectedTable } from './load-schema-validation-config';

/**
 * Every difference between a table as the schema config expects it and as the warehouse describes it, one
 * line each (empty when they match): kind, column order, names, types, modes, RECORD fields, partitioning and
 * clustering. Descriptions are not compared.
 */
export function tableMismatches(expected: ExpectedTable, actual: TableDescription): string[] {
  const problems: string[] = [];
  if (actual.type !== 'TABLE') problems.push(`expected a TABLE, found a ${actual.type}`);
  problems.push(...columnMismatches(expected.columns, actual.columns, ''));
  const partition = actual.partitionBy?.column ?? null;
  if (partition !== expected.partition_column)
    problems.push(`partitioned by ${String(partition)}, expected ${String(expected.partition_column)}`);
  const clustering = actual.clusterBy ?? [];
  if (clustering.join(',') !== expected.cluster_columns.join(','))
    problems.push(`clustered by [${clustering.join(', ')}], expected [${expected.cluster_columns.join(', ')}]`);
  return problems;
}

function columnMismatches(
  expected: readonly ExpectedColumn[],
  actual: readonly ColumnDefinition[],
  prefix: string,
): string[] {
  const problems: string[] = [];
  const expectedNames = expected.map((column) => column.name);
  const actualNames = actual.map((column) => column.name);
  if (expectedNames.join(',') !== actualNames.join(','))
    problems.push(`${prefix || 'columns'}: [${actualNames.join(', ')}], expected [${expectedNames.join(', ')}]`);
  for (const want of expected) {
    const found = actual.find((column) => column.name === want.name);
    if (!found) continue;
    const name = `${prefix}${want.name}`;
    if (found.type !== want.type) problems.push(`${name}: type ${found.type}, expected ${want.type}`);
    if ((found.mode ?? 'NULLABLE') !== want.mode)
      problems.push(`${name}: mode ${found.mode ?? 'NULLABLE'}, expected ${want.mode}`);
    if (want.fields || found.fields)
      problems.push(...columnMismatches(want.fields ?? [], found.fields ?? [], `${name}.`));
  }
  return problems;
}
