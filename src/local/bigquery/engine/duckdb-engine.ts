import { type DuckDBConnection, DuckDBInstance, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { HELPER_MACROS } from '../translator/helper-macros';

export interface StatementResult {
  readonly columnNames: readonly string[];
  readonly columnTypes: readonly DuckDBType[];
  readonly rows: readonly (readonly DuckDBValue[])[];
  readonly rowsChanged: number;
}

export type Bindings = { readonly values: Record<string, DuckDBValue>; readonly types: Record<string, DuckDBType> };

/**
 * One DuckDB database behind one connection, with every statement run one at a time. BigQuery queues DML on a
 * table rather than failing concurrent writers; serialising here gives the same outcome without DuckDB's
 * optimistic-concurrency conflicts, and keeps the session settings the translation relies on in one place.
 */
export class DuckDbEngine {
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(databasePath: string): Promise<DuckDbEngine> {
    const instance = await DuckDBInstance.create(databasePath);
    const connection = await instance.connect();
    // BigQuery evaluates dates and timestamps in UTC and sorts NULLs first ascending, last descending.
    await connection.run(`SET TimeZone = 'UTC'`);
    await connection.run(`SET default_null_order = 'nulls_first_on_asc_last_on_desc'`);
    for (const macro of HELPER_MACROS) await connection.run(macro);
    return new DuckDbEngine(instance, connection);
  }

  /** Runs `work` when every earlier piece of work has finished; nothing else touches the connection meanwhile. */
  exclusive<T>(work: (session: EngineSession) => Promise<T>): Promise<T> {
    const result = this.tail.then(() => work(this.session));
    this.tail = result.catch(() => undefined);
    return result;
  }

  run(sql: string, bindings?: Bindings): Promise<StatementResult> {
    return this.exclusive((session) => session.run(sql, bindings));
  }

  /** Stops the statement running now (a cancelled job); it fails with an interruption error. */
  interrupt(): void {
    this.connection.interrupt();
  }

  async close(): Promise<void> {
    await this.tail;
    this.connection.closeSync();
    this.instance.closeSync();
  }

  private readonly session: EngineSession = {
    run: async (sql, bindings) => {
      const result = bindings
        ? await this.connection.run(sql, bindings.values, bindings.types)
        : await this.connection.run(sql);
      return {
        columnNames: result.columnNames(),
        columnTypes: result.columnTypes(),
        rows: await result.getRows(),
        rowsChanged: result.rowsChanged,
      };
    },
  };
}

/** The connection as seen from inside `exclusive`: statements run immediately, in order. */
export interface EngineSession {
  run(sql: string, bindings?: Bindings): Promise<StatementResult>;
}
