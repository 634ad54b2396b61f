import type { QueryJobResult, QueryOptions, Row } from '../warehouse';
import type { AdapterContext } from './context';
import { decodeRows } from './decode-rows';
import { affectedRowsOf, fetchResultsPage, submitQueryJob } from './query-job';
import type { QueryJobHandle } from './query-job';
import { namedQueryParameters } from './query-parameters';
import type { QueryParameter } from './row-parameter';

/** Runs one statement to completion and returns every row (all pages). */
export async function runQuery(
  context: AdapterContext,
  sql: string,
  options: QueryOptions = {},
): Promise<QueryJobResult> {
  return runStatement(context, 'runQuery', sql, namedQueryParameters(options), options);
}

export async function runStatement(
  context: AdapterContext,
  operation: string,
  sql: string,
  parameters: readonly QueryParameter[],
  options: Pick<QueryOptions, 'jobId' | 'timeoutMs' | 'labels' | 'pageSize'>,
): Promise<QueryJobResult> {
  const job = await submitQueryJob(context, {
    sql,
    parameters,
    operation,
    jobId: options.jobId,
    timeoutMs: options.timeoutMs,
    labels: options.labels,
  });
  const rows: Row[] = [];
  const first = await fetchResultsPage(context, job, { pageSize: options.pageSize });
  const fields = first.schema?.fields ?? [];
  rows.push(...decodeRows(fields, first.rows ?? []));
  let pageToken = first.pageToken;
  while (pageToken) {
    const page = await fetchResultsPage(context, job, { pageToken, pageSize: options.pageSize });
    rows.push(...decodeRows(fields, page.rows ?? []));
    pageToken = page.pageToken;
  }
  const affectedRows = affectedRowsOf(first);
  return {
    jobId: job.jobId,
    reattached: job.reattached,
    rows,
    ...(affectedRows !== undefined ? { affectedRows } : {}),
  };
}

/** Pages through a query's rows without holding them all: one page in memory at a time. */
export async function* streamQuery(
  context: AdapterContext,
  sql: string,
  options: QueryOptions = {},
): AsyncGenerator<Row> {
  const job: QueryJobHandle = await submitQueryJob(context, {
    sql,
    parameters: namedQueryParameters(options),
    operation: 'streamQuery',
    jobId: options.jobId,
    timeoutMs: options.timeoutMs,
    labels: options.labels,
  });
  let pageToken: string | undefined;
  let fields: Parameters<typeof decodeRows>[0] | undefined;
  do {
    const page = await fetchResultsPage(context, job, { pageToken, pageSize: options.pageSize });
    fields ??= page.schema?.fields ?? [];
    for (const row of decodeRows(fields, page.rows ?? [])) yield row;
    pageToken = page.pageToken;
  } while (pageToken);
}
