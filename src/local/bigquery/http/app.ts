import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { BigQueryApiError, errorMessage, errorResponseBody } from '../engine/api-error';
import { UnsupportedColumnType } from '../engine/bigquery-schema';
import type { EndpointContext } from './context';
import { datasetRoutes } from './dataset-routes';
import { jobRoutes } from './job-routes';
import { tableRoutes } from './table-routes';

const PROJECT_BASE = '/bigquery/v2/projects/:projectId';

/** The REST surface: the BigQuery v2 paths the client calls, answered in BigQuery's JSON (errors included). */
export function createBigQueryApp(context: EndpointContext): Express {
  const app = express();
  app.disable('x-powered-by');
  // Large merges travel as one ARRAY<STRUCT> parameter and large appends as one insertAll body.
  app.use(express.json({ limit: '512mb' }));
  app.use(requireAcceptedToken(context.acceptsToken));
  app.use(PROJECT_BASE, datasetRoutes(context));
  app.use(PROJECT_BASE, tableRoutes(context));
  app.use(PROJECT_BASE, jobRoutes(context));
  app.use((req, _res, next) => next(new BigQueryApiError('notFound', `Not found: ${req.method} ${req.path}`)));
  app.use(reportError);
  return app;
}

const requireAcceptedToken =
  (acceptsToken: (token: string) => boolean): RequestHandler =>
  (req, res, next) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (token !== undefined && acceptsToken(token)) return next();
    res.status(401).json({
      error: {
        code: 401,
        message: 'Request had invalid authentication credentials.',
        status: 'UNAUTHENTICATED',
        errors: [{ domain: 'global', reason: 'authError', message: 'Invalid Credentials' }],
      },
    });
  };

const reportError: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  const apiError =
    error instanceof BigQueryApiError
      ? error
      : error instanceof UnsupportedColumnType
        ? new BigQueryApiError('invalid', error.message)
        : (error as { type?: string }).type === 'entity.parse.failed'
          ? new BigQueryApiError('invalid', 'Request body is not valid JSON')
          : new BigQueryApiError('backendError', errorMessage(error));
  res.status(apiError.httpStatus).json(errorResponseBody(apiError));
};
