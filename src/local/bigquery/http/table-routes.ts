import { Router } from 'express';
import { BigQueryApiError } from '../engine/api-error';
import { encodeRow } from '../engine/row-encoding';
import { insertRows } from '../engine/insert-rows';
import { quoteIdentifier } from '../translator/sql-text';
import { decodeBody, InsertAllBody, TableInsertBody } from './codecs';
import type { EndpointContext } from './context';
import { integerParam, stringParam, timestampFormatFromQuery } from './query-string';
import { LOCATION, pageOfRows, tableResource } from './resources';

/** tables.insert / get / list / delete, tabledata.insertAll and tabledata.list. */
export function tableRoutes(context: EndpointContext): Router {
  const router = Router({ mergeParams: true });
  const catalog = <T>(work: (c: ReturnType<EndpointContext['catalog']>) => Promise<T>) =>
    context.engine.exclusive((session) => work(context.catalog(session)));

  router.post('/datasets/:datasetId/tables', async (req, res) => {
    const { tableReference, ...metadata } = decodeBody(TableInsertBody, req.body);
    const { projectId, datasetId } = req.params as { projectId: string; datasetId: string };
    const stored = { ...metadata, creationTime: String(Date.now()), lastModifiedTime: String(Date.now()) };
    const info = await catalog(async (c) => {
      await c.createTable(datasetId, tableReference.tableId, stored);
      return c.tableInfo(datasetId, tableReference.tableId);
    });
    res.json(tableResource(projectId, datasetId, tableReference.tableId, info));
  });

  router.get('/datasets/:datasetId/tables', async (req, res) => {
    const { projectId, datasetId } = req.params as { projectId: string; datasetId: string };
    const tables = await catalog(async (c) => {
      await c.requireDataset(datasetId);
      return c.listTables(datasetId);
    });
    res.json({
      kind: 'bigquery#tableList',
      totalItems: tables.length,
      tables: tables.map(({ tableId, kind }) => ({
        kind: 'bigquery#table',
        id: `${projectId}:${datasetId}.${tableId}`,
        tableReference: { projectId, datasetId, tableId },
        type: kind,
        location: LOCATION,
      })),
    });
  });

  router.get('/datasets/:datasetId/tables/:tableId', async (req, res) => {
    const { projectId, datasetId, tableId } = req.params as { projectId: string; datasetId: string; tableId: string };
    const info = await catalog((c) => c.tableInfo(datasetId, tableId));
    res.json(tableResource(projectId, datasetId, tableId, info));
  });

  router.delete('/datasets/:datasetId/tables/:tableId', async (req, res) => {
    await catalog((c) => c.deleteTable(req.params.datasetId!, req.params.tableId!));
    res.status(204).end();
  });

  router.post('/datasets/:datasetId/tables/:tableId/insertAll', async (req, res) => {
    const body = decodeBody(InsertAllBody, req.body);
    const { datasetId, tableId } = req.params as { datasetId: string; tableId: string };
    const insertErrors = await context.engine.exclusive(async (session) => {
      const info = await context.catalog(session).tableInfo(datasetId, tableId);
      if (info.kind !== 'TABLE')
        throw new BigQueryApiError('invalid', `Cannot insert rows into view ${datasetId}.${tableId}`);
      return insertRows(session, { datasetId, tableId, fields: info.fields }, body, context.insertIds);
    });
    res.json({ kind: 'bigquery#tableDataInsertAllResponse', ...(insertErrors.length > 0 ? { insertErrors } : {}) });
  });

  router.get('/datasets/:datasetId/tables/:tableId/data', async (req, res) => {
    const { datasetId, tableId } = req.params as { datasetId: string; tableId: string };
    const { fields, rows } = await context.engine.exclusive(async (session) => {
      const info = await context.catalog(session).tableInfo(datasetId, tableId);
      const columns = info.fields.map((field) => quoteIdentifier(field.name)).join(', ');
      const result = await session.run(
        `SELECT ${columns} FROM ${quoteIdentifier(datasetId)}.${quoteIdentifier(tableId)}`,
      );
      return { fields: info.fields, rows: result.rows };
    });
    const timestamps = timestampFormatFromQuery(req);
    const { slice, pageToken } = pageOfRows(rows, {
      maxResults: integerParam(req, 'maxResults'),
      startIndex: integerParam(req, 'startIndex'),
      pageToken: stringParam(req, 'pageToken'),
      timestamps,
    });
    res.json({
      kind: 'bigquery#tableDataList',
      totalRows: String(rows.length),
      rows: slice.map((row) => encodeRow(row, fields, timestamps)),
      ...(pageToken ? { pageToken } : {}),
    });
  });

  return router;
}
