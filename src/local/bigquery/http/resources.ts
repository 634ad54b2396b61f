import { errorProto } from '../engine/api-error';
import type { BigQueryField } from '../engine/bigquery-schema';
import type { TableInfo } from '../engine/catalog';
import type { Job } from '../engine/jobs';
import { type EncodedRow, encodeRow, type TimestampFormat } from '../engine/row-encoding';
import { BigQueryApiError } from '../engine/api-error';

/** REST resources in the shape BigQuery returns them (numbers as strings, times in epoch milliseconds). */

export const LOCATION = 'US';
/** Rows per page when the caller gives no maxResults (BigQuery caps pages by size; a row cap is the local equivalent). */
export const DEFAULT_PAGE_ROWS = 10_000;

export function datasetResource(
  projectId: string,
  datasetId: string,
  metadata: Readonly<Record<string, unknown>>,
): object {
  return {
    location: LOCATION,
    ...metadata,
    kind: 'bigquery#dataset',
    id: `${projectId}:${datasetId}`,
    datasetReference: { projectId, datasetId },
  };
}

export function tableResource(projectId: string, datasetId: string, tableId: string, info: TableInfo): object {
  return {
    ...info.metadata,
    kind: 'bigquery#table',
    id: `${projectId}:${datasetId}.${tableId}`,
    tableReference: { projectId, datasetId, tableId },
    type: info.kind,
    schema: { fields: info.fields },
    location: LOCATION,
    numBytes: '0',
    ...(info.numRows === undefined ? {} : { numRows: String(info.numRows) }),
  };
}

export function jobResource(job: Job): object {
  const { projectId, location, jobId } = job.reference;
  const statistics: Record<string, unknown> = { creationTime: String(job.creationTime), totalBytesProcessed: '0' };
  if (job.startTime !== undefined) statistics.startTime = String(job.startTime);
  if (job.endTime !== undefined) statistics.endTime = String(job.endTime);
  if (job.outcome) {
    statistics.query = {
      statementType: job.outcome.statementType,
      totalBytesProcessed: '0',
      totalBytesBilled: '0',
      cacheHit: false,
      ...(job.outcome.numDmlAffectedRows === undefined
        ? {}
        : { numDmlAffectedRows: String(job.outcome.numDmlAffectedRows) }),
    };
  }
  const status: Record<string, unknown> = { state: job.state };
  if (job.error) {
    status.errorResult = errorProto(job.error);
    status.errors = [errorProto(job.error)];
  }
  return {
    kind: 'bigquery#job',
    id: `${projectId}:${location}.${jobId}`,
    jobReference: job.reference,
    configuration: job.configuration,
    status,
    statistics,
    user_email: 'local@convergence.invalid',
  };
}

export interface PageRequest {
  readonly maxResults?: number;
  readonly pageToken?: string;
  readonly startIndex?: number;
  readonly timestamps: TimestampFormat;
}

/** The page token is the index of the page's first row, which is all a stored, immutable result needs. */
export function pageOfRows<T>(rows: readonly T[], request: PageRequest): { slice: readonly T[]; pageToken?: string } {
  const fromToken = request.pageToken === undefined ? undefined : Number(request.pageToken);
  if (fromToken !== undefined && (!Number.isInteger(fromToken) || fromToken < 0))
    throw new BigQueryApiError('invalid', `Invalid page token ${request.pageToken}`);
  const start = request.startIndex ?? fromToken ?? 0;
  const size = request.maxResults ?? DEFAULT_PAGE_ROWS;
  const end = Math.min(rows.length, start + size);
  return { slice: rows.slice(start, end), ...(end < rows.length ? { pageToken: String(end) } : {}) };
}

/** getQueryResults / jobs.query body for a DONE, successful job. */
export function queryResultsPage(job: Job, request: PageRequest, kind: string): object {
  const outcome = job.outcome!;
  if (outcome.expired)
    throw new BigQueryApiError('notFound', `Not found: the results of job ${job.reference.jobId} have expired`);
  const { slice, pageToken } = pageOfRows(outcome.rows, request);
  const rows: EncodedRow[] = slice.map((row) => encodeRow(row, outcome.fields, request.timestamps));
  return {
    kind,
    jobReference: job.reference,
    jobComplete: true,
    schema: { fields: outcome.fields satisfies readonly BigQueryField[] },
    totalRows: String(outcome.rows.length),
    ...(rows.length > 0 ? { rows } : {}),
    ...(pageToken ? { pageToken } : {}),
    totalBytesProcessed: '0',
    cacheHit: false,
    ...(outcome.numDmlAffectedRows === undefined ? {} : { numDmlAffectedRows: String(outcome.numDmlAffectedRows) }),
  };
}
