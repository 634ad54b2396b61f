/**
 * The only strings ever interpolated into SQL text are identifiers matching these strict patterns; every
 * other value reaches BigQuery as a named query parameter. Stricter than BigQuery itself on purpose.
 */

/** DESIGN §7: tenant ids name datasets. */
export const TENANT_ID_PATTERN = /^[a-z0-9_]{3,50}$/;
/** A Google Cloud project id (no domain-scoped `example.com:` ids). */
export const PROJECT_ID_PATTERN = /^[a-z][a-z0-9-]{2,61}[a-z0-9]$/;
/** Dataset and table names: letters, digits and underscores only (BigQuery allows more; we do not need it). */
export const TABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,1023}$/;
export const DATASET_NAME_PATTERN = /^[A-Za-z0-9_]{1,1024}$/;
export const COLUMN_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,299}$/;
/** Step, pipeline, parameter and variable names. */
export const NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
/** Run ids become part of BigQuery job ids (`[A-Za-z0-9_-]`, at most 1,024 characters). */
export const RUN_ID_PATTERN = /^[A-Za-z0-9_-]{1,200}$/;
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export const isTenantId = (s: string): boolean => TENANT_ID_PATTERN.test(s);
export const isProjectId = (s: string): boolean => PROJECT_ID_PATTERN.test(s);
export const isDatasetName = (s: string): boolean => DATASET_NAME_PATTERN.test(s);
export const isTableName = (s: string): boolean => TABLE_NAME_PATTERN.test(s);
export const isColumnName = (s: string): boolean => COLUMN_NAME_PATTERN.test(s);

/** A real calendar day in `YYYY-MM-DD` form (2026-02-30 is not). */
export function isCalendarDate(s: string): boolean {
  if (!DATE_PATTERN.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** An RFC 3339 instant with an explicit zone, e.g. `2026-01-01T06:00:00Z`. */
export function isTimestamp(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s));
}

/** `project.dataset.table` in backticks, each part validated: the one way table names enter SQL. */
export function qualifiedTable(project: string, dataset: string, table: string): string {
  if (!isProjectId(project)) throw new Error(`invalid project id ${JSON.stringify(project)}`);
  if (!isDatasetName(dataset)) throw new Error(`invalid dataset name ${JSON.stringify(dataset)}`);
  if (!isTableName(table)) throw new Error(`invalid table name ${JSON.stringify(table)}`);
  return `\`${project}.${dataset}.${table}\``;
}

/** A column name in backticks, validated. */
export function quotedColumn(column: string): string {
  if (!isColumnName(column)) throw new Error(`invalid column name ${JSON.stringify(column)}`);
  return `\`${column}\``;
}
