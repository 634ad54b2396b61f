import { assertDatasetId } from './identifiers';
import type { AdapterContext } from './context';
import { isWarehouseErrorCode } from './map-error';
import { IgnoredBodyCodec } from './rest-codecs';
import { restCall } from './rest-call';

export interface DatasetOptions {
  readonly description?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** datasets.insert; a 409 means somebody (maybe our own earlier attempt) created it: not an error. */
export async function ensureDataset(
  context: AdapterContext,
  dataset: string,
  options: DatasetOptions = {},
): Promise<{ created: boolean }> {
  assertDatasetId(dataset);
  try {
    await restCall(
      context,
      {
        method: 'POST',
        uri: '/datasets',
        json: {
          datasetReference: { projectId: context.projectId, datasetId: dataset },
          location: context.location,
          ...(options.description ? { description: options.description } : {}),
          ...(options.labels ? { labels: options.labels } : {}),
        },
      },
      IgnoredBodyCodec,
      { operation: 'ensureDataset', resource: dataset },
    );
    return { created: true };
  } catch (error) {
    if (isWarehouseErrorCode(error, 'ALREADY_EXISTS')) return { created: false };
    throw error;
  }
}

export async function datasetExists(context: AdapterContext, dataset: string): Promise<boolean> {
  assertDatasetId(dataset);
  try {
    await restCall(context, { uri: `/datasets/${dataset}` }, IgnoredBodyCodec, {
      operation: 'datasetExists',
      resource: dataset,
    });
    return true;
  } catch (error) {
    if (isWarehouseErrorCode(error, 'NOT_FOUND')) return false;
    throw error;
  }
}

/** Deletes the dataset with its tables and views (deleteContents): used for tenant offboarding and test teardown. */
export async function dropDataset(context: AdapterContext, dataset: string): Promise<{ dropped: boolean }> {
  assertDatasetId(dataset);
  try {
    await restCall(
      context,
      { method: 'DELETE', uri: `/datasets/${dataset}`, qs: { deleteContents: true } },
      IgnoredBodyCodec,
      {
        operation: 'dropDataset',
        resource: dataset,
      },
    );
    return { dropped: true };
  } catch (error) {
    if (isWarehouseErrorCode(error, 'NOT_FOUND')) return { dropped: false };
    throw error;
  }
}
