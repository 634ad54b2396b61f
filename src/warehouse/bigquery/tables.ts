import type { TableDefinition, TableDescription, TableRef } from '../warehouse';
import type { AdapterContext } from './context';
import { assertDatasetId, assertTableId, refName } from './identifiers';
import { isWarehouseErrorCode } from './map-error';
import { IgnoredBodyCodec, TableResourceCodec } from './rest-codecs';
import { restCall } from './rest-call';
import { describeFromResource, tableInsertBody } from './table-resource';

function tablePath(ref: TableRef): string {
  return `/datasets/${assertDatasetId(ref.dataset)}/tables/${assertTableId(ref.table)}`;
}

/**
 * tables.insert from the definition. An existing table is left exactly as it is (created: false): schema
 * evolution is a deliberate migration, never a side effect of ensuring.
 */
export async function ensureTable(
  context: AdapterContext,
  dataset: string,
  definition: TableDefinition,
): Promise<{ created: boolean }> {
  assertDatasetId(dataset);
  assertTableId(definition.name);
  try {
    await restCall(
      context,
      {
        method: 'POST',
        uri: `/datasets/${dataset}/tables`,
        json: tableInsertBody(context.projectId, dataset, definition),
      },
      IgnoredBodyCodec,
      { operation: 'ensureTable', resource: `${dataset}.${definition.name}` },
    );
    return { created: true };
  } catch (error) {
    if (isWarehouseErrorCode(error, 'ALREADY_EXISTS')) return { created: false };
    throw error;
  }
}

export async function describeTable(context: AdapterContext, ref: TableRef): Promise<TableDescription> {
  const resource = await restCall(context, { uri: tablePath(ref) }, TableResourceCodec, {
    operation: 'describeTable',
    resource: refName(ref),
  });
  return describeFromResource(resource);
}

export async function tableExists(context: AdapterContext, ref: TableRef): Promise<boolean> {
  try {
    await restCall(context, { uri: tablePath(ref) }, IgnoredBodyCodec, {
      operation: 'tableExists',
      resource: refName(ref),
    });
    return true;
  } catch (error) {
    if (isWarehouseErrorCode(error, 'NOT_FOUND')) return false;
    throw error;
  }
}

export async function dropTable(context: AdapterContext, ref: TableRef): Promise<{ dropped: boolean }> {
  try {
    await restCall(context, { method: 'DELETE', uri: tablePath(ref) }, IgnoredBodyCodec, {
      operation: 'dropTable',
      resource: refName(ref),
    });
    return { dropped: true };
  } catch (error) {
    if (isWarehouseErrorCode(error, 'NOT_FOUND')) return { dropped: false };
    throw error;
  }
}
