/**
 * Warehouse throughput: the production adapter (BigQueryWarehouse) through the local BigQuery endpoint, against
 * DuckDB used directly (same @duckdb/node-api) in the same run.
 *   merge 1k / 10k: one mergeRows call into a table already holding half the keys (half updates with a newer
 *                   version, half inserts), the projector's typical batch;
 *   append 100k:    appendRows of 100k rows into an empty table;
 *   direct:         the same rows appended into a staging table, then one MERGE INTO (timed alone) / one INSERT.
 * Rows are tenant_pipeline_runs rows (26 columns incl. JSON). Three rounds for the merges; medians reported.
 * Last line: one JSON object.
 */
import { BigQuery } from '@google-cloud/bigquery';
import { DuckDBInstance, DuckDBTimestampTZValue } from '@duckdb/node-api';
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { localBigQueryClientOptions } from '../src/local/bigquery/client-options';
import { startLocalBigQuery } from '../src/local/bigquery/start-local-bigquery';
import { BigQueryWarehouse } from '../src/warehouse/bigquery';
import { centralTable } from '../src/warehouse/tables';
import type { ColumnDefinition, Row, TableDefinition } from '../src/warehouse/warehouse';
import { median, round, sized } from './support';

const ROUNDS = sized(3, 1);
/** Rows of the large merge and of the append: 10k and 100k when measuring. */
const MERGE_ROWS = sized(10_000, 500);
const APPEND_ROWS = sized(100_000, 2_000);
const definition = centralTable('tenant_pipeline_runs');

function runRow(i: number, version: number): Row {
  const requested = Date.UTC(2026, 0, 1) + i * 1000;
  return {
    tenant_id: `tenant_${i % 50}`,
    run_id: `run_${String(i).padStart(7, '0')}`,
    pipeline_id: 'gcp/cost/cost_billing',
    pipeline_version: '1.0.0',
    schedule_id: `daily_${i % 7}`,
    trigger_type: i % 10 === 0 ? 'MANUAL' : 'SCHEDULED',
    triggered_by: 'scheduler',
    status: version > 1 ? 'SUCCEEDED' : 'RUNNING',
    status_reason: null,
    scheduled_time: new Date(requested).toISOString(),
    requested_at: new Date(requested).toISOString(),
    started_at: new Date(requested + 500).toISOString(),
    finished_at: version > 1 ? new Date(requested + 60_000).toISOString() : null,
    duration_ms: version > 1 ? 59_500 : null,
    steps_total: 3,
    steps_succeeded: version > 1 ? 3 : 1,
    steps_failed: 0,
    steps_skipped: 0,
    parameters: { date: '2026-01-01', lookback_days: 3 },
    error_message: null,
    correlation_id: `corr_${i}`,
    attempts: 1,
    usage_date: version > 1 ? '2026-01-01' : null,
    source_revision: version,
    source_stream_id: `run-run_${i}`,
    source_event_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    updated_at: new Date(requested + version * 60_000).toISOString(),
  };
}

/** Half the keys already stored (version 1); the batch updates them to version 2 and inserts as many new ones. */
function mergeScenario(size: number, offset: number): { seed: Row[]; batch: Row[] } {
  const seed = Array.from({ length: size / 2 }, (_, i) => runRow(offset + i, 1));
  const batch = Array.from({ length: size }, (_, i) => runRow(offset + i, 2));
  return { seed, batch };
}

async function seconds(task: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await task();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

// ---- DuckDB used directly ------------------------------------------------------------------------------------

const DUCK_TYPES: Readonly<Record<string, string>> = {
  STRING: 'VARCHAR',
  INT64: 'BIGINT',
  FLOAT64: 'DOUBLE',
  BOOL: 'BOOLEAN',
  TIMESTAMP: 'TIMESTAMPTZ',
  JSON: 'JSON',
};

function duckColumns(table: TableDefinition): string {
  return table.columns.map((c) => `"${c.name}" ${DUCK_TYPES[c.type] ?? 'VARCHAR'}`).join(', ');
}

function appendValue(appender: DuckDBAppender, column: ColumnDefinition, value: unknown): void {
  if (value === null || value === undefined) return appender.appendNull();
  switch (column.type) {
    case 'INT64':
      return appender.appendBigInt(BigInt(value as number));
    case 'FLOAT64':
      return appender.appendDouble(value as number);
    case 'BOOL':
      return appender.appendBoolean(value as boolean);
    case 'TIMESTAMP':
      return appender.appendTimestampTZ(new DuckDBTimestampTZValue(BigInt(Date.parse(value as string)) * 1000n));
    case 'JSON':
      return appender.appendVarchar(JSON.stringify(value));
    default:
      return appender.appendVarchar(value as string);
  }
}

async function stage(connection: DuckDBConnection, table: string, rows: readonly Row[]): Promise<void> {
  const appender = await connection.createAppender(table);
  for (const row of rows) {
    for (const column of definition.columns) appendValue(appender, column, row[column.name]);
    appender.endRow();
  }
  appender.closeSync();
}

function directMergeSql(target: string, staging: string): string {
  const keys = definition.keyColumns ?? [];
  const columns = definition.columns.map((c) => `"${c.name}"`);
  const updates = definition.columns.filter((c) => !keys.includes(c.name)).map((c) => `"${c.name}" = s."${c.name}"`);
  return [
    `MERGE INTO ${target} AS t USING ${staging} AS s ON ${keys.map((k) => `t."${k}" = s."${k}"`).join(' AND ')}`,
    `WHEN MATCHED AND s.source_revision > t.source_revision THEN UPDATE SET ${updates.join(', ')}`,
    `WHEN NOT MATCHED THEN INSERT (${columns.join(', ')}) VALUES (${columns.map((c) => `s.${c}`).join(', ')})`,
  ].join('\n');
}

async function directMerge(
  connection: DuckDBConnection,
  name: string,
  size: number,
): Promise<{ stageS: number; mergeS: number }> {
  const { seed, batch } = mergeScenario(size, 0);
  await connection.run(`CREATE TABLE ${name} (${duckColumns(definition)})`);
  await connection.run(`CREATE TABLE ${name}_staging (${duckColumns(definition)})`);
  await stage(connection, name, seed);
  const stageS = await seconds(() => stage(connection, `${name}_staging`, batch));
  const mergeS = await seconds(() => connection.run(directMergeSql(name, `${name}_staging`)));
  return { stageS, mergeS };
}

async function directAppend(
  connection: DuckDBConnection,
  rows: readonly Row[],
): Promise<{ stageS: number; insertS: number }> {
  await connection.run(`CREATE TABLE direct_append (${duckColumns(definition)})`);
  await connection.run(`CREATE TABLE direct_append_staging (${duckColumns(definition)})`);
  const stageS = await seconds(() => stage(connection, 'direct_append_staging', rows));
  const insertS = await seconds(() => connection.run('INSERT INTO direct_append SELECT * FROM direct_append_staging'));
  return { stageS, insertS };
}

// ---- through the adapter and the local endpoint --------------------------------------------------------------

async function main(): Promise<void> {
  process.env.METADATA_SERVER_DETECTION = 'none';
  const local = await startLocalBigQuery({ port: 0, databasePath: ':memory:', projectId: 'convergence-bench' });
  const warehouse = new BigQueryWarehouse({
    client: new BigQuery(localBigQueryClientOptions(local.url, local.projectId)),
    projectId: local.projectId,
    location: 'US',
  });
  const duck = await DuckDBInstance.create(':memory:');
  const direct = await duck.connect();
  let tables = 0;
  const freshTable = async (): Promise<TableDefinition> => {
    tables += 1;
    const table = { ...definition, name: `runs_${tables}` };
    await warehouse.ensureTable('bench', table);
    return table;
  };
  const adapterMerge = async (size: number): Promise<number> => {
    const table = await freshTable();
    const { seed, batch } = mergeScenario(size, 0);
    await warehouse.appendRows('bench', table, seed);
    let affected = 0;
    const elapsed = await seconds(async () => {
      affected = (await warehouse.mergeRows('bench', table, batch)).affectedRows;
    });
    if (affected !== size) throw new Error(`merge of ${size} rows affected ${affected}`);
    return size / elapsed;
  };

  try {
    await warehouse.ensureDataset('bench');
    await adapterMerge(200); // warm-up: JIT, connections, the endpoint's first statements
    await directMerge(direct, 'warmup', 200);

    const merge1k: number[] = [];
    const merge10k: number[] = [];
    const direct10k: number[] = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      merge1k.push(await adapterMerge(1_000));
      merge10k.push(await adapterMerge(MERGE_ROWS));
      const { stageS, mergeS } = await directMerge(direct, `direct_${r}`, MERGE_ROWS);
      direct10k.push(MERGE_ROWS / mergeS);
      console.log(
        `round ${r + 1}: adapter merge 1k ${round(merge1k[r] ?? 0)} rows/s, adapter merge 10k ${round(merge10k[r] ?? 0)} rows/s, ` +
          `direct MERGE 10k ${round(direct10k[r] ?? 0)} rows/s (staging ${round(stageS * 1000)} ms)`,
      );
    }

    const appendRows = Array.from({ length: APPEND_ROWS }, (_, i) => runRow(i, 1));
    const appendTable = await freshTable();
    const appendS = await seconds(() => warehouse.appendRows('bench', appendTable, appendRows));
    const count = (
      await warehouse.runQuery(`SELECT COUNT(*) AS n FROM \`${local.projectId}.bench.${appendTable.name}\``)
    ).rows[0]?.n;
    if (count !== APPEND_ROWS) throw new Error(`append left ${String(count)} rows`);
    const directAppendTimes = await directAppend(direct, appendRows);

    const result = {
      merge_1k_rows_per_s: round(median(merge1k)),
      merge_10k_rows_per_s: round(median(merge10k)),
      append_100k_rows_per_s: round(APPEND_ROWS / appendS),
      direct_merge_10k_rows_per_s: round(median(direct10k)),
      overhead_ratio_merge_10k: round(median(direct10k) / median(merge10k), 1),
    };
    console.log(`adapter merge 1k rows:      ${result.merge_1k_rows_per_s} rows/s`);
    console.log(`adapter merge 10k rows:     ${result.merge_10k_rows_per_s} rows/s`);
    console.log(`adapter append 100k rows:   ${result.append_100k_rows_per_s} rows/s (${round(appendS, 2)} s)`);
    console.log(`direct DuckDB MERGE 10k:    ${result.direct_merge_10k_rows_per_s} rows/s (staged rows, MERGE alone)`);
    console.log(
      `direct DuckDB append 100k:  ${round(APPEND_ROWS / directAppendTimes.insertS)} rows/s INSERT from staging, ` +
        `${round(APPEND_ROWS / (directAppendTimes.stageS + directAppendTimes.insertS))} rows/s including the appender`,
    );
    console.log(`overhead ratio (direct / adapter, merge 10k): ${result.overhead_ratio_merge_10k}x`);
    console.log(JSON.stringify(result));
  } finally {
    direct.closeSync();
    duck.closeSync();
    await local.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
