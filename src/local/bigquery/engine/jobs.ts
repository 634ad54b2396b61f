import type { DuckDBValue } from '@duckdb/node-api';
import { BigQueryApiError, fromDuckDbError } from './api-error';
import { Catalog } from './catalog';
import { type BigQueryField, fieldOfDuckType, UnsupportedColumnType } from './bigquery-schema';
import type { DuckDbEngine } from './duckdb-engine';
import { prepareQueryParameters, type QueryParameter } from './query-parameters';
import { quoteString } from '../translator/sql-text';
import { TranslationCache } from './translation-cache';

/** How often a cancel repeats its interrupt until the job has stopped. */
const INTERRUPT_RETRY_MS = 50;

export interface JobReference {
  readonly projectId: string;
  readonly jobId: string;
  readonly location: string;
}

/** The part of a query job's configuration that decides what runs. */
export interface QueryRequest {
  readonly query: string;
  readonly queryParameters?: readonly QueryParameter[];
  readonly useLegacySql?: boolean;
  readonly defaultDataset?: { readonly datasetId: string };
  readonly destinationTable?: unknown;
}

export interface QueryOutcome {
  readonly statementType: string;
  readonly fields: readonly BigQueryField[];
  readonly rows: readonly (readonly DuckDBValue[])[];
  readonly numDmlAffectedRows?: number;
  /** The rows were dropped to bound memory (see JOBS_WITH_RESULTS). */
  readonly expired?: boolean;
}

/** One job: submitted once under its id, run once, kept (with its rows) for jobs.get and getQueryResults. */
export interface Job {
  readonly reference: JobReference;
  /** The configuration as submitted, echoed by jobs.get. */
  readonly configuration: Readonly<Record<string, unknown>>;
  readonly creationTime: number;
  state: 'PENDING' | 'RUNNING' | 'DONE';
  startTime?: number;
  endTime?: number;
  outcome?: QueryOutcome;
  error?: BigQueryApiError;
  cancelRequested: boolean;
  readonly finished: Promise<void>;
}

function isDone(job: Job): boolean {
  return job.state === 'DONE';
}

/**
 * Results kept in memory for this many most recent jobs; older jobs keep their status (so their ids stay taken)
 * but their rows expire, as BigQuery's temporary result tables do.
 */
const JOBS_WITH_RESULTS = 500;

const DML = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/**
 * The job table. Jobs run in submission order on the engine; a job id is taken for good once submitted, which
 * is what makes deterministic job ids safe against re-delivery (the second submission gets 409 and the first
 * job is left as it was).
 */
export class JobRegistry {
  private readonly jobs = new Map<string, Job>();
  private readonly withResults: Job[] = [];
  private running: Job | undefined;
  private readonly translations = new TranslationCache();

  constructor(private readonly engine: DuckDbEngine) {}

  private key(projectId: string, jobId: string): string {
    return `${projectId}\u0000${jobId}`;
  }

  submit(reference: JobReference, request: QueryRequest, configuration: Readonly<Record<string, unknown>>): Job {
    const key = this.key(reference.projectId, reference.jobId);
    if (this.jobs.has(key))
      throw new BigQueryApiError(
        'duplicate',
        `Already Exists: Job ${reference.projectId}:${reference.location}.${reference.jobId}`,
      );
    let resolveFinished!: () => void;
    const job: Job = {
      reference,
      configuration,
      creationTime: Date.now(),
      state: 'PENDING',
      cancelRequested: false,
      finished: new Promise<void>((resolve) => (resolveFinished = resolve)),
    };
    this.jobs.set(key, job);
    void this.engine
      .exclusive(async (session) => {
        if (job.cancelRequested)
          throw new BigQueryApiError('stopped', 'Job execution was cancelled: User requested cancellation');
        job.state = 'RUNNING';
        job.startTime = Date.now();
        this.running = job;
        try {
          return await this.execute(request, session);
        } finally {
          this.running = undefined;
        }
      })
      .then(
        (outcome) => {
          job.outcome = outcome;
          this.keepResults(job);
        },
        (error: unknown) =>
          (job.error =
            error instanceof UnsupportedColumnType
              ? new BigQueryApiError('invalidQuery', error.message)
              : fromDuckDbError(error)),
      )
      .finally(() => {
        job.state = 'DONE';
        job.startTime ??= Date.now();
        job.endTime = Date.now();
        resolveFinished();
      });
    return job;
  }

  private keepResults(job: Job): void {
    this.withResults.push(job);
    const expired = this.withResults.length > JOBS_WITH_RESULTS ? this.withResults.shift() : undefined;
    if (expired?.outcome) expired.outcome = { ...expired.outcome, rows: [], expired: true };
  }

  get(projectId: string, jobId: string): Job {
    const job = this.jobs.get(this.key(projectId, jobId));
    if (!job) throw new BigQueryApiError('notFound', `Not found: Job ${projectId}:${jobId}`);
    return job;
  }

  /** Cancels a pending job before it starts, or interrupts the statement of the running one; DONE jobs stay as they are. */
  cancel(projectId: string, jobId: string): Job {
    const job = this.get(projectId, jobId);
    if (job.state === 'DONE') return job;
    job.cancelRequested = true;
    if (this.running === job) {
      // An interrupt reaches only a statement the engine has begun: a job marked RUNNING may still be translating
      // or between statements (seen under load: the cancel was lost and the job ran on). So the interrupt is
      // repeated until the job ends; only while it is this job's turn, so no other job is ever stopped.
      this.engine.interrupt();
      const again = setInterval(() => {
        if (this.running === job) this.engine.interrupt();
      }, INTERRUPT_RETRY_MS);
      void job.finished.finally(() => clearInterval(again));
    }
    return job;
  }

  /** Resolves when the job is DONE or `timeoutMs` has passed, whichever is first; true when DONE. */
  async waitForCompletion(job: Job, timeoutMs: number): Promise<boolean> {
    if (job.state === 'DONE') return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, timeoutMs))));
    await Promise.race([job.finished, timedOut]);
    clearTimeout(timer);
    return isDone(job);
  }

  private async execute(
    request: QueryRequest,
    session: Parameters<Parameters<DuckDbEngine['exclusive']>[0]>[0],
  ): Promise<QueryOutcome> {
    if (request.useLegacySql)
      throw new BigQueryApiError('invalid', 'Legacy SQL is not supported by the local BigQuery endpoint');
    if (request.destinationTable)
      throw new BigQueryApiError(
        'invalid',
        'destinationTable is not supported by the local BigQuery endpoint; write the results with DML',
      );
    const parameters = prepareQueryParameters(request.queryParameters ?? []);
    const translated = this.translations.translate(request.query, parameters.sqlFor, parameters.names);
    if (!translated.ok)
      throw new BigQueryApiError('invalidQuery', `${translated.message} [construct: ${translated.construct}]`);
    const bindings = parameters.bind(translated.parameters);
    const defaultDataset = request.defaultDataset?.datasetId;
    if (defaultDataset) await session.run(`SET schema = ${quoteString(defaultDataset)}`);
    try {
      const result = await session.run(translated.sql, bindings);
      if (DML.has(translated.statementType)) {
        return {
          statementType: translated.statementType,
          fields: [],
          rows: [],
          numDmlAffectedRows: result.rowsChanged,
        };
      }
      if (translated.statementType.startsWith('DROP_')) await new Catalog(session).forgetDropped();
      if (translated.statementType !== 'SELECT')
        return { statementType: translated.statementType, fields: [], rows: [] };
      const fields = result.columnNames.map((name, i) => fieldOfDuckType(name, result.columnTypes[i]!));
      return { statementType: 'SELECT', fields, rows: result.rows };
    } finally {
      if (defaultDataset) await session.run(`SET schema = 'main'`);
    }
  }
}
