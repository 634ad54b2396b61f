import { Router } from 'express';
import { decodeBody, DatasetInsertBody } from './codecs';
import { type EndpointContext, projectIdOf } from './context';
import { booleanParam } from './query-string';
import { datasetResource, LOCATION } from './resources';

/** datasets.insert / get / list / delete. A dataset is a DuckDB schema. */
export function datasetRoutes(context: EndpointContext): Router {
  const router = Router({ mergeParams: true });
  const catalog = <T>(work: (c: ReturnType<EndpointContext['catalog']>) => Promise<T>) =>
    context.engine.exclusive((session) => work(context.catalog(session)));

  router.post('/datasets', async (req, res) => {
    const body = decodeBody(DatasetInsertBody, req.body);
    const { datasetReference, ...metadata } = body;
    const stored = {
      location: LOCATION,
      ...metadata,
      creationTime: String(Date.now()),
      lastModifiedTime: String(Date.now()),
    };
    await catalog((c) => c.createDataset(datasetReference.datasetId, stored));
    res.json(datasetResource(projectIdOf(req), datasetReference.datasetId, stored));
  });

  router.get('/datasets', async (req, res) => {
    const datasets = await catalog((c) => c.listDatasets());
    res.json({
      kind: 'bigquery#datasetList',
      datasets: datasets.map((datasetId) => ({
        kind: 'bigquery#dataset',
        id: `${projectIdOf(req)}:${datasetId}`,
        datasetReference: { projectId: projectIdOf(req), datasetId },
        location: LOCATION,
      })),
    });
  });

  router.get('/datasets/:datasetId', async (req, res) => {
    const metadata = await catalog((c) => c.datasetMetadata(req.params.datasetId!));
    res.json(datasetResource(projectIdOf(req), req.params.datasetId!, metadata));
  });

  router.delete('/datasets/:datasetId', async (req, res) => {
    await catalog((c) => c.deleteDataset(req.params.datasetId!, booleanParam(req, 'deleteContents') ?? false));
    res.status(204).end();
  });

  return router;
}
