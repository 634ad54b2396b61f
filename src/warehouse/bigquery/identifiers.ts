import type { TableRef } from '../warehouse';
import { WarehouseError } from '../warehouse';

/**
 * Only validated identifiers are ever interpolated into SQL; values always travel as query parameters.
 * These patterns are stricter than BigQuery's (no hyphens or unicode in dataset/table names) on purpose:
 * tenant ids name datasets and must stay plain.
 */
const DATASET_ID = /^[A-Za-z_][A-Za-z0-9_]{0,1023}$/;
const TABLE_ID = /^[A-Za-z_][A-Za-z0-9_]{0,1023}$/;
const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,299}$/;
const PROJECT_ID = /^[a-z][a-z0-9.:-]{0,127}$/;
/** BigQuery's own rule for job ids. */
const JOB_ID = /^[A-Za-z0-9_-]{1,1024}$/;

function invalid(kind: string, value: string): WarehouseError {
  // Identifiers are not secrets (they come from code and tenant ids), so naming them helps the operator.
  return new WarehouseError('INVALID_QUERY', `Invalid ${kind}: ${JSON.stringify(value.slice(0, 100))}`, { kind });
}

export function assertDatasetId(dataset: string): string {
  if (!DATASET_ID.test(dataset)) throw invalid('dataset id', dataset);
  return dataset;
}

export function assertTableId(table: string): string {
  if (!TABLE_ID.test(table)) throw invalid('table id', table);
  return table;
}

export function assertColumnName(column: string): string {
  if (!COLUMN_NAME.test(column)) throw invalid('column name', column);
  return column;
}

export function assertProjectId(projectId: string): string {
  if (!PROJECT_ID.test(projectId)) throw invalid('project id', projectId);
  return projectId;
}

export function assertJobId(jobId: string): string {
  if (!JOB_ID.test(jobId)) throw invalid('job id (letters, digits, _ and - only, at most 1024)', jobId);
  return jobId;
}

/** `project.dataset.table` quoted as one backtick identifier, the form BigQuery documents. */
export function qualifiedTableName(projectId: string, ref: TableRef): string {
  return `\`${assertProjectId(projectId)}.${assertDatasetId(ref.dataset)}.${assertTableId(ref.table)}\``;
}

export function quoteColumn(column: string): string {
  return `\`${assertColumnName(column)}\``;
}

export function refName(ref: TableRef): string {
  return `${ref.dataset}.${ref.table}`;
}
