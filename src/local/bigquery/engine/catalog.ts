import { VARCHAR } from '@duckdb/node-api';
import { translateStatement } from '../translate';
import { quoteIdentifier, quoteString } from '../translator/sql-text';
import { BigQueryApiError, fromDuckDbError } from './api-error';
import { type BigQueryField, canonicalType, columnDefinitionSql, fieldOfDuckType } from './bigquery-schema';
import type { EngineSession } from './duckdb-engine';

/** Where BigQuery-only metadata (descriptions, labels, modes, partitioning) lives, beside the data. */
const CATALOG_SCHEMA = '_bq_catalog';
const SYSTEM_SCHEMAS = new Set([CATALOG_SCHEMA, 'main', 'information_schema', 'pg_catalog']);

/** What tables.insert may carry beyond the name; kept verbatim so tables.get echoes it back. */
export interface TableMetadata {
  readonly schema?: { readonly fields: readonly BigQueryField[] };
  readonly view?: { readonly query: string };
  readonly [key: string]: unknown;
}

export interface TableInfo {
  readonly kind: 'TABLE' | 'VIEW';
  readonly fields: readonly BigQueryField[];
  readonly numRows?: number;
  readonly metadata: Readonly<Record<string, unknown>>;
}

const name = (value: string) => ({ values: { v: value }, types: { v: VARCHAR } });

/**
 * Datasets and tables. DuckDB's own catalog is the truth (a dataset is a schema, a table a table, a view a
 * view, whether made by REST or by DDL); the side tables only add what DuckDB cannot hold. A stored schema is
 * used only while it still has the shape of the DuckDB table (DuckDB object ids do not survive a restart), so a
 * table dropped and re-created by DDL does not inherit the old table's description.
 */
export class Catalog {
  constructor(private readonly session: EngineSession) {}

  static async initialise(session: EngineSession): Promise<void> {
    await session.run(`CREATE SCHEMA IF NOT EXISTS ${CATALOG_SCHEMA}`);
    await session.run(`CREATE TABLE IF NOT EXISTS ${CATALOG_SCHEMA}.datasets (dataset_id VARCHAR, metadata VARCHAR)`);
    await session.run(
      `CREATE TABLE IF NOT EXISTS ${CATALOG_SCHEMA}.tables (dataset_id VARCHAR, table_id VARCHAR, metadata VARCHAR)`,
    );
  }

  async datasetExists(datasetId: string): Promise<boolean> {
    if (SYSTEM_SCHEMAS.has(datasetId)) return false;
    const result = await this.session.run(
      `SELECT 1 FROM duckdb_schemas() WHERE database_name = current_database() AND schema_name = $v`,
      name(datasetId),
    );
    return result.rows.length > 0;
  }

  async listDatasets(): Promise<string[]> {
    const result = await this.session.run(
      `SELECT schema_name FROM duckdb_schemas() WHERE database_name = current_database() ORDER BY schema_name`,
    );
    return result.rows.map((row) => String(row[0])).filter((schema) => !SYSTEM_SCHEMAS.has(schema));
  }

  async createDataset(datasetId: string, metadata: object): Promise<void> {
    if (SYSTEM_SCHEMAS.has(datasetId)) throw new BigQueryApiError('invalid', `Dataset name ${datasetId} is reserved`);
    if (await this.datasetExists(datasetId))
      throw new BigQueryApiError('duplicate', `Already Exists: Dataset ${datasetId}`);
    await this.session.run(`CREATE SCHEMA ${quoteIdentifier(datasetId)}`);
    await this.session.run(`DELETE FROM ${CATALOG_SCHEMA}.datasets WHERE dataset_id = $v`, name(datasetId));
    await this.session.run(
      `INSERT INTO ${CATALOG_SCHEMA}.datasets VALUES (${quoteString(datasetId)}, ${quoteString(JSON.stringify(metadata))})`,
    );
  }

  async datasetMetadata(datasetId: string): Promise<Record<string, unknown>> {
    await this.requireDataset(datasetId);
    const result = await this.session.run(
      `SELECT metadata FROM ${CATALOG_SCHEMA}.datasets WHERE dataset_id = $v`,
      name(datasetId),
    );
    return result.rows[0] ? (JSON.parse(String(result.rows[0][0])) as Record<string, unknown>) : {};
  }

  async deleteDataset(datasetId: string, deleteContents: boolean): Promise<void> {
    await this.requireDataset(datasetId);
    if (!deleteContents && (await this.listTables(datasetId)).length > 0) {
      throw new BigQueryApiError('resourceInUse', `Dataset ${datasetId} is still in use`);
    }
    await this.session.run(`DROP SCHEMA ${quoteIdentifier(datasetId)} CASCADE`);
    await this.session.run(`DELETE FROM ${CATALOG_SCHEMA}.datasets WHERE dataset_id = $v`, name(datasetId));
    await this.session.run(`DELETE FROM ${CATALOG_SCHEMA}.tables WHERE dataset_id = $v`, name(datasetId));
  }

  async requireDataset(datasetId: string): Promise<void> {
    if (!(await this.datasetExists(datasetId)))
      throw new BigQueryApiError('notFound', `Not found: Dataset ${datasetId}`);
  }

  /** Tables and views of a dataset, with their DuckDB object ids. */
  async listTables(datasetId: string): Promise<{ tableId: string; kind: 'TABLE' | 'VIEW' }[]> {
    const result = await this.session.run(
      `SELECT table_name, 'TABLE' FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = $v
       UNION ALL SELECT view_name, 'VIEW' FROM duckdb_views() WHERE database_name = current_database() AND schema_name = $v AND NOT internal
       ORDER BY 1`,
      name(datasetId),
    );
    return result.rows.map((row) => ({ tableId: String(row[0]), kind: row[1] as 'TABLE' | 'VIEW' }));
  }

  private async findTable(datasetId: string, tableId: string) {
    return (await this.listTables(datasetId)).find((table) => table.tableId === tableId);
  }

  async createTable(datasetId: string, tableId: string, metadata: TableMetadata): Promise<void> {
    await this.requireDataset(datasetId);
    if (await this.findTable(datasetId, tableId))
      throw new BigQueryApiError('duplicate', `Already Exists: Table ${datasetId}.${tableId}`);
    const qualified = `${quoteIdentifier(datasetId)}.${quoteIdentifier(tableId)}`;
    if (metadata.view) {
      const translated = translateStatement(metadata.view.query);
      if (!translated.ok)
        throw new BigQueryApiError('invalidQuery', `${translated.message} (construct: ${translated.construct})`);
      if (translated.statementType !== 'SELECT') throw new BigQueryApiError('invalid', 'A view query must be a SELECT');
      await this.runDdl(`CREATE VIEW ${qualified} AS ${translated.sql}`);
    } else {
      const fields = metadata.schema?.fields ?? [];
      if (fields.length === 0)
        throw new BigQueryApiError('invalid', `Table ${tableId} needs a schema with at least one field`);
      await this.runDdl(`CREATE TABLE ${qualified} (${fields.map(columnDefinitionSql).join(', ')})`);
    }
    await this.session.run(
      `DELETE FROM ${CATALOG_SCHEMA}.tables WHERE dataset_id = ${quoteString(datasetId)} AND table_id = ${quoteString(tableId)}`,
    );
    await this.session.run(
      `INSERT INTO ${CATALOG_SCHEMA}.tables VALUES (${quoteString(datasetId)}, ${quoteString(tableId)}, ${quoteString(JSON.stringify(metadata))})`,
    );
  }

  private async runDdl(sql: string): Promise<void> {
    try {
      await this.session.run(sql);
    } catch (error) {
      throw fromDuckDbError(error);
    }
  }

  async tableInfo(datasetId: string, tableId: string): Promise<TableInfo> {
    await this.requireDataset(datasetId);
    const table = await this.findTable(datasetId, tableId);
    if (!table) throw new BigQueryApiError('notFound', `Not found: Table ${datasetId}.${tableId}`);
    const stored = await this.session.run(
      `SELECT metadata FROM ${CATALOG_SCHEMA}.tables WHERE dataset_id = ${quoteString(datasetId)} AND table_id = ${quoteString(tableId)}`,
    );
    const qualified = `${quoteIdentifier(datasetId)}.${quoteIdentifier(tableId)}`;
    const derived = await this.derivedFields(datasetId, tableId, qualified);
    const candidate = stored.rows[0] ? (JSON.parse(String(stored.rows[0][0])) as TableMetadata) : {};
    const current = !candidate.schema || sameShape(candidate.schema.fields, derived);
    const metadata = current ? candidate : {};
    const fields = metadata.schema?.fields ?? derived;
    const numRows =
      table.kind === 'TABLE'
        ? Number((await this.session.run(`SELECT count(*) FROM ${qualified}`)).rows[0]![0])
        : undefined;
    return { kind: table.kind, fields, numRows, metadata };
  }

  /** The BigQuery schema of a table or view DuckDB made from DDL: its column types, REQUIRED where NOT NULL. */
  private async derivedFields(datasetId: string, tableId: string, qualified: string): Promise<BigQueryField[]> {
    const shape = await this.session.run(`SELECT * FROM ${qualified} LIMIT 0`);
    const notNull = await this.session.run(
      `SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = ${quoteString(datasetId)} AND table_name = ${quoteString(tableId)} AND NOT is_nullable`,
    );
    const required = new Set(notNull.rows.map((row) => String(row[0])));
    return shape.columnNames.map((column, i) => fieldOfDuckType(column, shape.columnTypes[i]!, required.has(column)));
  }

  /** Forgets metadata of tables and datasets SQL DDL has dropped, so a later namesake starts clean. */
  async forgetDropped(): Promise<void> {
    await this.session.run(
      `DELETE FROM ${CATALOG_SCHEMA}.tables WHERE (dataset_id, table_id) NOT IN (
         SELECT (schema_name, table_name) FROM duckdb_tables() WHERE database_name = current_database()
         UNION ALL SELECT (schema_name, view_name) FROM duckdb_views() WHERE database_name = current_database())`,
    );
    await this.session.run(
      `DELETE FROM ${CATALOG_SCHEMA}.datasets WHERE dataset_id NOT IN (SELECT schema_name FROM duckdb_schemas() WHERE database_name = current_database())`,
    );
  }

  async deleteTable(datasetId: string, tableId: string): Promise<void> {
    await this.requireDataset(datasetId);
    const table = await this.findTable(datasetId, tableId);
    if (!table) throw new BigQueryApiError('notFound', `Not found: Table ${datasetId}.${tableId}`);
    await this.session.run(`DROP ${table.kind} ${quoteIdentifier(datasetId)}.${quoteIdentifier(tableId)}`);
    await this.session.run(
      `DELETE FROM ${CATALOG_SCHEMA}.tables WHERE dataset_id = ${quoteString(datasetId)} AND table_id = ${quoteString(tableId)}`,
    );
  }
}

/** Whether stored REST fields still describe the DuckDB columns: same names, types and repetition, recursively. */
function sameShape(stored: readonly BigQueryField[], actual: readonly BigQueryField[]): boolean {
  return (
    stored.length === actual.length &&
    stored.every((field, i) => {
      const other = actual[i]!;
      const repeated = (f: BigQueryField) => f.mode?.toUpperCase() === 'REPEATED';
      return (
        field.name.toLowerCase() === other.name.toLowerCase() &&
        canonicalType(field.type) === other.type &&
        repeated(field) === repeated(other) &&
        sameShape(field.fields ?? [], other.fields ?? [])
      );
    })
  );
}
