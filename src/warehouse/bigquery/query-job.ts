import { randomUUID } from 'node:crypto';
import { WarehouseError } from '../warehouse';
import type { AdapterContext } from './context';
import { assertJobId } from './identifiers';
import type { FailureContext } from './map-error';
import { isWarehouseErrorCode, jobFailure } from './map-error';
import { parameterValueStrings } from './redact';
import { IgnoredBodyCodec, JobCodec, QueryResultsCodec } from './rest-codecs';
import type { RestQueryResults } from './rest-codecs';
import { restCall } from './rest-call';
import type { QueryParameter } from './row-parameter';
import { currentTrace } from '../../observability/current-trace';

export interface QueryJobRequest {
  readonly sql: string;
  readonly parameters: readonly QueryParameter[];
  readonly jobId?: string;
  readonly timeoutMs?: number;
  readonly labels?: Readonly<Record<string, string>>;
  /** Which adapter operation this job serves, for error messages. */
  readonly operation: string;
}

/** A submitted (or found) job and the clock it runs against. */
export interface QueryJobHandle {
  readonly jobId: string;
  readonly reattached: boolean;
  /** Epoch ms after which the adapter stops waiting and cancels the job. */
  readonly deadline: number;
  readonly failure: FailureContext;
}

/** How long one getQueryResults call may hold the connection open waiting for completion. */
const LONG_POLL_MS = 10_000;
/** Margin of the HTTP timeout over the server-side long poll. */
const HTTP_MARGIN_MS = 15_000;

export function newJobId(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '')}`;
}

/** The request's trace id (32 hex digits: a valid label value), so a job can be found from the run's logs. */
function traceLabel(): Record<string, string> {
  const trace = currentTrace();
  return trace ? { trace_id: trace.traceId } : {};
}

/**
 * jobs.insert with a caller-chosen id. BigQuery keeps job ids unique per project, so a 409 proves the statement
 * was already submitted (by an earlier delivery of the same work, or by the client's own retry of a request
 * whose response was lost): we attach to that job and never submit a second one.
 */
export async function submitQueryJob(context: AdapterContext, request: QueryJobRequest): Promise<QueryJobHandle> {
  const jobId = assertJobId(request.jobId ?? newJobId('convergence'));
  const timeoutMs = request.timeoutMs ?? context.defaultQueryTimeoutMs;
  if (!(timeoutMs > 0))
    throw new WarehouseError('INVALID_QUERY', `${request.operation}: timeoutMs must be positive`, {
      operation: request.operation,
    });
  const deadline = Date.now() + timeoutMs;
  const failure: FailureContext = {
    operation: request.operation,
    jobId,
    sentValues: () => parameterValueStrings(request.parameters),
  };
  const body = {
    jobReference: { projectId: context.projectId, jobId, location: context.location },
    configuration: {
      query: {
        query: request.sql,
        useLegacySql: false,
        ...(request.parameters.length > 0 ? { parameterMode: 'NAMED', queryParameters: request.parameters } : {}),
      },
      // The server enforces the same budget, so a job we stop waiting for also stops costing slots.
      jobTimeoutMs: String(timeoutMs),
      labels: { ...context.jobLabels, ...request.labels, ...traceLabel() },
    },
  };
  let job;
  try {
    job = await restCall(context, { method: 'POST', uri: '/jobs', json: body }, JobCodec, failure);
  } catch (error) {
    // Only the insert's own 409 means "this job id exists"; a job that *fails* with duplicate (a CREATE TABLE of an
    // existing table) reports it in its status, below.
    if (isWarehouseErrorCode(error, 'ALREADY_EXISTS')) return { jobId, reattached: true, deadline, failure };
    throw error;
  }
  if (job.status?.errorResult) throw jobFailure(job.status.errorResult, failure);
  return { jobId, reattached: false, deadline, failure };
}

/**
 * One page of results, waiting (long-polling) until the job is complete or the deadline passes. A job that
 * failed surfaces here as the mapped error of its errorResult; a job still running at the deadline is
 * cancelled (best effort) and reported as TIMEOUT.
 */
export async function fetchResultsPage(
  context: AdapterContext,
  job: QueryJobHandle,
  page: { pageToken?: string; pageSize?: number } = {},
): Promise<RestQueryResults> {
  if (page.pageToken !== undefined) return fetchLaterPage(context, job, page.pageToken, page.pageSize);
  // Ask at least once even when the budget is spent: a job that finished in time is a success however late we look.
  for (;;) {
    const waitMs = Math.max(0, Math.min(job.deadline - Date.now(), LONG_POLL_MS));
    const results = await restCall(
      context,
      {
        uri: `/queries/${job.jobId}`,
        qs: {
          location: context.location,
          timeoutMs: waitMs,
          maxResults: page.pageSize,
          'formatOptions.useInt64Timestamp': true,
        },
        timeoutMs: waitMs + HTTP_MARGIN_MS,
      },
      QueryResultsCodec,
      job.failure,
    );
    // A failed job answers getQueryResults with an HTTP error (mapped by restCall); `errors` on a complete
    // response may be mere warnings, so completion is success.
    if (results.jobComplete) return results;
    if (Date.now() >= job.deadline) {
      await cancelQuietly(context, job);
      throw new WarehouseError(
        'TIMEOUT',
        `${job.failure.operation} job ${job.jobId}: TIMEOUT: not complete within its time budget; cancellation requested`,
        {
          operation: job.failure.operation,
          jobId: job.jobId,
        },
      );
    }
  }
}

/**
 * Pages after the first belong to a finished job: the job's deadline no longer applies (a slow consumer of a
 * stream must not turn into a TIMEOUT), only the per-request HTTP budget does.
 */
async function fetchLaterPage(
  context: AdapterContext,
  job: QueryJobHandle,
  pageToken: string,
  pageSize: number | undefined,
): Promise<RestQueryResults> {
  return restCall(
    context,
    {
      uri: `/queries/${job.jobId}`,
      qs: { location: context.location, maxResults: pageSize, pageToken, 'formatOptions.useInt64Timestamp': true },
    },
    QueryResultsCodec,
    job.failure,
  );
}

async function cancelQuietly(context: AdapterContext, job: QueryJobHandle): Promise<void> {
  try {
    await restCall(
      context,
      { method: 'POST', uri: `/jobs/${job.jobId}/cancel`, qs: { location: context.location } },
      IgnoredBodyCodec,
      job.failure,
    );
  } catch {
    // The TIMEOUT is what the caller needs to hear; the server-side jobTimeoutMs stops the job anyway.
  }
}

export function affectedRowsOf(results: RestQueryResults): number | undefined {
  return results.numDmlAffectedRows === undefined ? undefined : Number(results.numDmlAffectedRows);
}
