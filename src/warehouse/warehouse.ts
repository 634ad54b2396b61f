/**
 * The Warehouse port: everything the service asks of BigQuery. One production adapter implements it on
 * `@google-cloud/bigquery`; locally the same adapter talks to the BigQuery-REST-compatible endpoint in
 * src/local/bigquery. Callers (step kinds, projectors, setup) depend on this interface only.
 */

export type ColumnType =
  'STRING' | 'INT64' | 'FLOAT64' | 'NUMERIC' | 'BOOL' | 'TIMESTAMP' | 'DATE' | 'DATETIME' | 'JSON' | 'BYTES' | 'RECORD';

export interface ColumnDefinition {
  readonly name: string;
  readonly type: ColumnType;
  readonly mode?: 'NULLABLE' | 'REQUIRED' | 'REPEATED';
  readonly description?: string;
  /** Sub-fields of a RECORD column. */
  readonly fields?: readonly ColumnDefinition[];
}

/** A table described once, as data: it drives DDL, row mapping, merges and schema tests. */
export interface TableDefinition {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly ColumnDefinition[];
  /** Day partitioning on a DATE or TIMESTAMP column. */
  readonly partitionBy?: { readonly column: string };
  /** Up to four columns; `tenant_id` first for central tables. */
  readonly clusterBy?: readonly string[];
  /** The row's identity for merges. */
  readonly keyColumns?: readonly string[];
  /** A monotonically increasing column (e.g. the source event's stream revision): an older row never overwrites a newer one. */
  readonly versionColumn?: string;
}

export interface TableRef {
  readonly dataset: string;
  readonly table: string;
}

export type Row = Readonly<Record<string, unknown>>;

/** BigQuery named query parameters: values, with explicit types where a value alone is ambiguous (nulls, empty arrays). */
export interface QueryParams {
  readonly params?: Readonly<Record<string, unknown>>;
  readonly types?: Readonly<Record<string, unknown>>;
}

export interface QueryOptions extends QueryParams {
  /**
   * Deterministic job id (e.g. `{run_id}_{step_id}_{attempt}`). Submitting the same id twice never runs the
   * statement twice: the second call attaches to the first job and returns its outcome.
   */
  readonly jobId?: string;
  readonly timeoutMs?: number;
  readonly labels?: Readonly<Record<string, string>>;
  /** Rows per result page fetched from the server (streamQuery pages by it; runQuery fetches every page). */
  readonly pageSize?: number;
}

/** Options of one mergeRows/appendRows call. */
export interface WriteOptions {
  /** Deterministic job id for the (first) statement; chunked writes suffix it with `_c{n}`. */
  readonly jobId?: string;
  readonly timeoutMs?: number;
}

/** What the warehouse reports about an existing table or view (for setup checks and tests). */
export interface TableDescription {
  readonly type: 'TABLE' | 'VIEW' | 'OTHER';
  readonly description?: string;
  readonly columns: readonly ColumnDefinition[];
  readonly partitionBy?: { readonly column: string };
  readonly clusterBy?: readonly string[];
  /** The view's SQL, for views. */
  readonly viewSql?: string;
}

export interface QueryJobResult {
  readonly jobId: string;
  /** True when a job with this id already existed and we attached to it instead of submitting. */
  readonly reattached: boolean;
  /** DML statements: rows inserted/updated/deleted. */
  readonly affectedRows?: number;
  readonly rows: readonly Row[];
}

export interface TableChecksum {
  readonly rows: number;
  /** Order-independent digest of every row's content. */
  readonly checksum: string;
}

export interface Warehouse {
  ensureDataset(
    dataset: string,
    options?: { readonly description?: string; readonly labels?: Readonly<Record<string, string>> },
  ): Promise<{ created: boolean }>;
  datasetExists(dataset: string): Promise<boolean>;
  dropDataset(dataset: string): Promise<{ dropped: boolean }>;

  /** Creates the table from its definition when missing; never alters an existing one. */
  ensureTable(dataset: string, definition: TableDefinition): Promise<{ created: boolean }>;
  tableExists(ref: TableRef): Promise<boolean>;
  dropTable(ref: TableRef): Promise<{ dropped: boolean }>;
  /** Schema, partitioning and clustering of an existing table or view; NOT_FOUND when missing. */
  describeTable(ref: TableRef): Promise<TableDescription>;
  createOrReplaceView(ref: TableRef, sql: string, description?: string): Promise<void>;

  /**
   * Upserts rows keyed by the definition's keyColumns in ONE statement. When the definition has a
   * versionColumn, a row whose version is lower than the stored one is ignored; equal versions are idempotent.
   */
  mergeRows(
    dataset: string,
    definition: TableDefinition,
    rows: readonly Row[],
    options?: WriteOptions,
  ): Promise<{ affectedRows: number }>;
  appendRows(dataset: string, definition: TableDefinition, rows: readonly Row[], options?: WriteOptions): Promise<void>;

  /** Runs one statement as a job and waits for it (explicit timeout), returning all its rows. */
  runQuery(sql: string, options?: QueryOptions): Promise<QueryJobResult>;
  /** Streams the rows of a query page by page (for large results). */
  streamQuery(sql: string, options?: QueryOptions): AsyncIterable<Row>;
  cancelJob(jobId: string): Promise<void>;

  checksumTable(ref: TableRef): Promise<TableChecksum>;
  /** Makes `target` hold exactly `source`'s rows in one atomic statement (keyed by the definition). */
  replaceTableContents(
    source: TableRef,
    target: TableRef,
    definition: TableDefinition,
    options?: WriteOptions,
  ): Promise<void>;
}

/** Typed warehouse failures, pattern-matched on `code`. */
export type WarehouseErrorCode =
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'INVALID_QUERY'
  /** A row does not fit its table definition (unknown column, wrong type, missing REQUIRED value); nothing was sent. */
  | 'INVALID_ROW'
  | 'PERMISSION_DENIED'
  /** The job was cancelled (cancelJob, or by an operator) before it finished. */
  | 'CANCELLED'
  | 'TIMEOUT'
  /** Transient: 5xx, rate limits, concurrent-DML conflicts, network failures. Retrying is safe with the same job id. */
  | 'UNAVAILABLE'
  | 'UNKNOWN';

export class WarehouseError extends Error {
  constructor(
    readonly code: WarehouseErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'WarehouseError';
  }
}
