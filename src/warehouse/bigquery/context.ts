import type { BigQuery } from '@google-cloud/bigquery';

/** What every operation of the adapter needs: the client, where jobs run, and the default time budgets. */
export interface AdapterContext {
  readonly client: BigQuery;
  readonly projectId: string;
  /** BigQuery location of datasets and jobs (e.g. `US`, `EU`, `europe-west1`). */
  readonly location: string;
  /** Budget of one query job, submit to last row, unless the call gives its own. */
  readonly defaultQueryTimeoutMs: number;
  /** Budget of one plain REST call (datasets, tables, one page of results). */
  readonly requestTimeoutMs: number;
  /** Labels put on every job the adapter submits (cost attribution in INFORMATION_SCHEMA.JOBS). */
  readonly jobLabels: Readonly<Record<string, string>>;
}
