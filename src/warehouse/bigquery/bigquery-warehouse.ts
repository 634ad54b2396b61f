import { BigQuery } from '@google-cloud/bigquery';
import type { BigQueryOptions } from '@google-cloud/bigquery';
import type {
  QueryJobResult,
  QueryOptions,
  Row,
  TableChecksum,
  TableDefinition,
  TableDescription,
  TableRef,
  Warehouse,
  WriteOptions,
} from '../warehouse';
import { cancelJob } from './cancel-job';
import { checksumTable } from './checksum-table';
import type { AdapterContext } from './context';
import { createOrReplaceView } from './create-or-replace-view';
import { replaceTableContents } from './replace-table-contents';
import { datasetExists, dropDataset, ensureDataset } from './datasets';
import type { DatasetOptions } from './datasets';
import { DEFAULT_ROWS_PARAMETER_BUDGET_BYTES } from './encode-rows';
import { assertProjectId } from './identifiers';
import { runQuery, streamQuery } from './run-query';
import { describeTable, dropTable, ensureTable, tableExists } from './tables';
import type { WriteBudget } from './write-rows';
import { appendRows, mergeRows } from './write-rows';

export interface BigQueryWarehouseConfig {
  /** A ready client, or the options to build one (e.g. the local endpoint's client options). */
  readonly client: BigQuery | BigQueryOptions;
  readonly projectId: string;
  readonly location: string;
  /** Budget of a query job from submission to last row (default 10 minutes). */
  readonly defaultQueryTimeoutMs?: number;
  /** Budget of one plain REST call (default 60 s). */
  readonly requestTimeoutMs?: number;
  /** Max serialized bytes of one ARRAY<STRUCT> rows parameter before a write is split (default 8 MiB). */
  readonly rowsParameterBudgetBytes?: number;
  /** Labels on every job (default `{ app: 'convergence' }`). */
  readonly jobLabels?: Readonly<Record<string, string>>;
}

const DEFAULT_QUERY_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/**
 * The production Warehouse: standard BigQuery REST v2 and GoogleSQL through `@google-cloud/bigquery`'s
 * authenticated transport. Each operation lives in its own module; this class only wires the context.
 */
export class BigQueryWarehouse implements Warehouse {
  private readonly context: AdapterContext & WriteBudget;

  constructor(config: BigQueryWarehouseConfig) {
    assertProjectId(config.projectId);
    const client =
      config.client instanceof BigQuery
        ? config.client
        : new BigQuery({ ...config.client, projectId: config.projectId, location: config.location });
    this.context = {
      client,
      projectId: config.projectId,
      location: config.location,
      defaultQueryTimeoutMs: config.defaultQueryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
      requestTimeoutMs: config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      jobLabels: config.jobLabels ?? { app: 'convergence' },
      rowsParameterBudgetBytes: config.rowsParameterBudgetBytes ?? DEFAULT_ROWS_PARAMETER_BUDGET_BYTES,
    };
  }

  get projectId(): string {
    return this.context.projectId;
  }

  ensureDataset(dataset: string, options?: DatasetOptions): Promise<{ created: boolean }> {
    return ensureDataset(this.context, dataset, options);
  }

  datasetExists(dataset: string): Promise<boolean> {
    return datasetExists(this.context, dataset);
  }

  dropDataset(dataset: string): Promise<{ dropped: boolean }> {
    return dropDataset(this.context, dataset);
  }

  ensureTable(dataset: string, definition: TableDefinition): Promise<{ created: boolean }> {
    return ensureTable(this.context, dataset, definition);
  }

  tableExists(ref: TableRef): Promise<boolean> {
    return tableExists(this.context, ref);
  }

  dropTable(ref: TableRef): Promise<{ dropped: boolean }> {
    return dropTable(this.context, ref);
  }

  describeTable(ref: TableRef): Promise<TableDescription> {
    return describeTable(this.context, ref);
  }

  createOrReplaceView(ref: TableRef, sql: string, description?: string): Promise<void> {
    return createOrReplaceView(this.context, ref, sql, description);
  }

  mergeRows(
    dataset: string,
    definition: TableDefinition,
    rows: readonly Row[],
    options?: WriteOptions,
  ): Promise<{ affectedRows: number }> {
    return mergeRows(this.context, dataset, definition, rows, options);
  }

  appendRows(
    dataset: string,
    definition: TableDefinition,
    rows: readonly Row[],
    options?: WriteOptions,
  ): Promise<void> {
    return appendRows(this.context, dataset, definition, rows, options);
  }

  runQuery(sql: string, options?: QueryOptions): Promise<QueryJobResult> {
    return runQuery(this.context, sql, options);
  }

  streamQuery(sql: string, options?: QueryOptions): AsyncIterable<Row> {
    return streamQuery(this.context, sql, options);
  }

  cancelJob(jobId: string): Promise<void> {
    return cancelJob(this.context, jobId);
  }

  checksumTable(ref: TableRef): Promise<TableChecksum> {
    return checksumTable(this.context, ref);
  }

  replaceTableContents(
    source: TableRef,
    target: TableRef,
    definition: TableDefinition,
    options?: WriteOptions,
  ): Promise<void> {
    return replaceTableContents(this.context, source, target, definition, options?.timeoutMs);
  }
}
