import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Job } from '../engine/jobs';
import { decodeBody, JobInsertBody, QueryRequestBody } from './codecs';
import { type EndpointContext, projectIdOf } from './context';
import { integerParam, stringParam, timestampFormat, timestampFormatFromQuery } from './query-string';
import { jobResource, LOCATION, queryResultsPage } from './resources';

/** How long jobs.insert waits for its job before answering RUNNING; BigQuery's default getQueryResults wait is 10 s. */
const INSERT_WAIT_MS = 10_000;
const DEFAULT_RESULTS_WAIT_MS = 10_000;

/** jobs.insert / get / cancel, jobs.getQueryResults and jobs.query. */
export function jobRoutes(context: EndpointContext): Router {
  const router = Router({ mergeParams: true });

  router.post('/jobs', async (req, res) => {
    const body = decodeBody(JobInsertBody, req.body);
    const reference = {
      projectId: projectIdOf(req),
      jobId: body.jobReference?.jobId ?? randomUUID(),
      location: body.jobReference?.location ?? LOCATION,
    };
    const configuration = { jobType: 'QUERY', ...body.configuration };
    const job = context.jobs.submit(reference, body.configuration.query, configuration);
    await context.jobs.waitForCompletion(job, INSERT_WAIT_MS);
    res.json(jobResource(job));
  });

  router.get('/jobs/:jobId', (req, res) => {
    res.json(jobResource(context.jobs.get(projectIdOf(req), req.params.jobId!)));
  });

  router.post('/jobs/:jobId/cancel', (req, res) => {
    const job = context.jobs.cancel(projectIdOf(req), req.params.jobId!);
    res.json({ kind: 'bigquery#jobCancelResponse', job: jobResource(job) });
  });

  router.get('/queries/:jobId', async (req, res) => {
    const job = context.jobs.get(projectIdOf(req), req.params.jobId!);
    const page = {
      maxResults: integerParam(req, 'maxResults'),
      startIndex: integerParam(req, 'startIndex'),
      pageToken: stringParam(req, 'pageToken'),
      timestamps: timestampFormatFromQuery(req),
    };
    await respondWithResults(job, integerParam(req, 'timeoutMs') ?? DEFAULT_RESULTS_WAIT_MS, (done) =>
      res.json(
        done
          ? queryResultsPage(job, page, 'bigquery#getQueryResultsResponse')
          : notComplete(job, 'bigquery#getQueryResultsResponse'),
      ),
    );
  });

  router.post('/queries', async (req, res) => {
    const body = decodeBody(QueryRequestBody, req.body);
    const reference = {
      projectId: projectIdOf(req),
      jobId: `job_${randomUUID().replace(/-/g, '')}`,
      location: body.location ?? LOCATION,
    };
    const { maxResults, timeoutMs, formatOptions, location: _location, requestId: _requestId, ...request } = body;
    const job = context.jobs.submit(reference, request, { jobType: 'QUERY', query: request });
    const page = { maxResults, timestamps: timestampFormat(formatOptions ?? {}) };
    await respondWithResults(job, timeoutMs ?? DEFAULT_RESULTS_WAIT_MS, (done) =>
      res.json(
        done ? queryResultsPage(job, page, 'bigquery#queryResponse') : notComplete(job, 'bigquery#queryResponse'),
      ),
    );
  });

  async function respondWithResults(job: Job, timeoutMs: number, send: (done: boolean) => void): Promise<void> {
    const done = await context.jobs.waitForCompletion(job, timeoutMs);
    // A failed job answers getQueryResults / jobs.query with its error, as BigQuery does.
    if (done && job.error) throw job.error;
    send(done);
  }

  return router;
}

function notComplete(job: Job, kind: string): object {
  return { kind, jobReference: job.reference, jobComplete: false };
}
