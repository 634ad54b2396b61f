import type { ColumnDefinition, ColumnType, TableDefinition, TableDescription } from '../warehouse';
import { WarehouseError } from '../warehouse';
import { assertColumnName } from './identifiers';
import type { RestField, RestTableResource } from './rest-codecs';

/** A TableDefinition as the body of tables.insert: schema (nested RECORD/REPEATED), day partitioning, clustering. */
export function tableInsertBody(
  projectId: string,
  dataset: string,
  definition: TableDefinition,
): Record<string, unknown> {
  assertDefinitionConsistent(definition);
  return {
    tableReference: { projectId, datasetId: dataset, tableId: definition.name },
    description: definition.description,
    schema: { fields: definition.columns.map(toRestField) },
    ...(definition.partitionBy ? { timePartitioning: { type: 'DAY', field: definition.partitionBy.column } } : {}),
    ...(definition.clusterBy && definition.clusterBy.length > 0
      ? { clustering: { fields: [...definition.clusterBy] } }
      : {}),
  };
}

function toRestField(column: ColumnDefinition): RestField {
  assertColumnName(column.name);
  return {
    name: column.name,
    type: column.type,
    mode: column.mode ?? 'NULLABLE',
    ...(column.description ? { description: column.description } : {}),
    ...(column.type === 'RECORD' ? { fields: (column.fields ?? []).map(toRestField) } : {}),
  };
}

/** Catches a definition that BigQuery would reject, before any request: clearer than the server's message. */
export function assertDefinitionConsistent(definition: TableDefinition): void {
  const names = new Set(definition.columns.map((column) => column.name));
  const problem = (what: string) => {
    throw new WarehouseError('INVALID_QUERY', `Table definition ${definition.name}: ${what}`, {
      table: definition.name,
    });
  };
  if (names.size !== definition.columns.length) problem('duplicate column names');
  for (const column of definition.columns) {
    if (column.type === 'RECORD' && (!column.fields || column.fields.length === 0))
      problem(`RECORD column ${column.name} has no fields`);
  }
  const partition = definition.partitionBy?.column;
  if (partition !== undefined) {
    const column = definition.columns.find((c) => c.name === partition);
    if (!column || !['DATE', 'TIMESTAMP', 'DATETIME'].includes(column.type) || column.mode === 'REPEATED')
      problem(`partition column ${partition} must be a DATE, TIMESTAMP or DATETIME column`);
  }
  if ((definition.clusterBy?.length ?? 0) > 4) problem('at most four clustering columns');
  for (const name of [
    ...(definition.clusterBy ?? []),
    ...(definition.keyColumns ?? []),
    ...(definition.versionColumn ? [definition.versionColumn] : []),
  ]) {
    const column = definition.columns.find((c) => c.name === name);
    if (!column) problem(`unknown column ${name} in clustering, keys or version`);
    if (column?.mode === 'REPEATED' || column?.type === 'RECORD' || column?.type === 'JSON')
      problem(`column ${name} cannot be a key, version or clustering column`);
  }
}

const LEGACY_TYPE_NAMES: Readonly<Record<string, ColumnType>> = {
  INTEGER: 'INT64',
  FLOAT: 'FLOAT64',
  BOOLEAN: 'BOOL',
  STRUCT: 'RECORD',
  BIGNUMERIC: 'NUMERIC',
};

function fromRestField(field: RestField): ColumnDefinition {
  const upper = field.type.toUpperCase();
  const type = (LEGACY_TYPE_NAMES[upper] ?? upper) as ColumnType;
  const mode = (field.mode?.toUpperCase() ?? 'NULLABLE') as ColumnDefinition['mode'];
  return {
    name: field.name,
    type,
    mode,
    ...(field.description ? { description: field.description } : {}),
    ...(field.fields ? { fields: field.fields.map(fromRestField) } : {}),
  };
}

export function describeFromResource(resource: RestTableResource): TableDescription {
  const type =
    resource.type === 'TABLE' || resource.type === 'VIEW'
      ? resource.type
      : resource.type === undefined
        ? 'TABLE'
        : 'OTHER';
  return {
    type,
    ...(resource.description ? { description: resource.description } : {}),
    columns: (resource.schema?.fields ?? []).map(fromRestField),
    ...(resource.timePartitioning?.field ? { partitionBy: { column: resource.timePartitioning.field } } : {}),
    ...(resource.clustering?.fields ? { clusterBy: resource.clustering.fields } : {}),
    ...(resource.view?.query ? { viewSql: resource.view.query } : {}),
  };
}
