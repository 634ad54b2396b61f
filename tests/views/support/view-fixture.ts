import { localBigQueryClientOptions } from '../../../src/local/bigquery/client-options';
import { startLocalBigQuery } from '../../../src/local/bigquery/start-local-bigquery';
import { BigQueryWarehouse } from '../../../src/warehouse/bigquery';
import { CENTRAL_DATASET, centralTable, centralTables } from '../../../src/warehouse/tables';
import type { ColumnType, Row, TableDefinition, Warehouse } from '../../../src/warehouse/warehouse';

/** The production adapter on the local BigQuery endpoint (in-memory DuckDB) with every central table created. */
export interface ViewFixture {
  readonly warehouse: () => Warehouse;
  readonly projectId: () => string;
  /** Rows of a central table, with the projection columns filled in; merged in one statement. */
  readonly merge: (table: string, rows: readonly Row[]) => Promise<void>;
  readonly query: (sql: string) => Promise<Row[]>;
}

export function useViewFixture(): ViewFixture {
  let warehouse: Warehouse | undefined;
  let projectId = '';
  let stop: (() => Promise<void>) | undefined;
  let revision = 0;
  beforeAll(async () => {
    const local = await startLocalBigQuery({ port: 0 });
    projectId = local.projectId;
    stop = () => local.stop();
    warehouse = new BigQueryWarehouse({
      client: localBigQueryClientOptions(local.url, local.projectId),
      projectId: local.projectId,
      location: 'US',
    });
    await warehouse.ensureDataset(CENTRAL_DATASET);
    for (const definition of centralTables) await warehouse.ensureTable(CENTRAL_DATASET, definition);
  });
  afterAll(async () => {
    await stop?.();
  });
  return {
    warehouse: () => warehouse!,
    projectId: () => projectId,
    merge: async (table, rows) => {
      // A fresh, higher revision on every merge: a later merge of the same key replaces the row.
      revision += 1;
      const definition = centralTable(table);
      const projected = rows.map((row) => ({
        ...requiredDefaults(definition),
        source_revision: revision,
        source_stream_id: `tenant-${String(row.tenant_id)}`,
        source_event_id: `event-${revision}`,
        ...row,
      }));
      await warehouse!.mergeRows(CENTRAL_DATASET, definition, projected);
    },
    query: async (sql) => [...(await warehouse!.runQuery(sql)).rows],
  };
}

/** A plain value for every REQUIRED column, so rows name only what a test is about. */
function requiredDefaults(definition: TableDefinition): Row {
  const plain: Partial<Record<ColumnType, unknown>> = {
    STRING: 'x',
    INT64: 0,
    FLOAT64: 0,
    NUMERIC: 0,
    BOOL: false,
    TIMESTAMP: new Date(),
    DATE: '2026-01-01',
    DATETIME: '2026-01-01T00:00:00',
    JSON: {},
  };
  return Object.fromEntries(
    definition.columns.filter((c) => c.mode === 'REQUIRED' && c.type !== 'RECORD').map((c) => [c.name, plain[c.type]]),
  );
}

/** `YYYY-MM-DD` of an instant on the wall clock of a timezone. */
export function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}

/**
 * A timezone whose date differs from UTC's right now and whose next midnight is at least an hour away, so a
 * view that took "today" in UTC fails the test, and the date cannot turn while the test runs. UTC+14 is a day
 * ahead from 10:00 UTC (its midnight); UTC-11 is a day behind until 11:00 UTC (its midnight).
 */
export function zoneAwayFromUtc(now: Date): string {
  return now.getUTCHours() >= 10 ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago';
}

const HOUR = 3_600_000;

/** Row builders for the central tables: the columns the views read, overridable. */
export const rows = {
  profile: (tenantId: string, timezone: string | null, over: Row = {}): Row => ({
    tenant_id: tenantId,
    company_name: `Company ${tenantId}`,
    status: 'ACTIVE',
    plan: 'PROFESSIONAL',
    dataset_id: tenantId,
    timezone,
    created_at: new Date(Date.now() - 400 * 24 * HOUR),
    ...over,
  }),
  subscription: (
    tenantId: string,
    limits: { daily: number; monthly: number; concurrent: number },
    over: Row = {},
  ): Row => ({
    tenant_id: tenantId,
    subscription_id: `${tenantId}_sub`,
    plan: 'PROFESSIONAL',
    status: 'ACTIVE',
    daily_run_limit: limits.daily,
    monthly_run_limit: limits.monthly,
    concurrent_run_limit: limits.concurrent,
    started_at: new Date(Date.now() - 300 * 24 * HOUR),
    ...over,
  }),
  usage: (
    tenantId: string,
    usageDate: string,
    counts: { started: number; monthToDate: number },
    limits: { daily: number; monthly: number; concurrent: number },
    over: Row = {},
  ): Row => ({
    tenant_id: tenantId,
    usage_date: usageDate,
    plan: 'PROFESSIONAL',
    runs_started: counts.started,
    runs_succeeded: 0,
    runs_failed: 0,
    runs_cancelled: 0,
    runs_rejected: 0,
    runs_deferred: 0,
    month_to_date_runs: counts.monthToDate,
    concurrency_peak: 0,
    daily_run_limit: limits.daily,
    monthly_run_limit: limits.monthly,
    concurrent_run_limit: limits.concurrent,
    day_closed: false,
    ...over,
  }),
  run: (
    tenantId: string,
    runId: string,
    status: string,
    startedAt: Date,
    durationMs: number | null,
    over: Row = {},
  ): Row => ({
    tenant_id: tenantId,
    run_id: runId,
    pipeline_id: 'gcp/cost/cost_billing',
    trigger_type: 'MANUAL',
    status,
    requested_at: new Date(startedAt.getTime() - 1000),
    started_at: startedAt,
    finished_at: durationMs === null ? null : new Date(startedAt.getTime() + durationMs),
    duration_ms: durationMs,
    steps_total: 0,
    steps_succeeded: 0,
    steps_failed: 0,
    steps_skipped: 0,
    attempts: 1,
    ...over,
  }),
  step: (
    tenantId: string,
    runId: string,
    stepId: string,
    attempt: number,
    status: string,
    startedAt: Date,
    durationMs: number | null,
    over: Row = {},
  ): Row => ({
    tenant_id: tenantId,
    run_id: runId,
    step_id: stepId,
    run_attempt: 1,
    attempt,
    pipeline_id: 'gcp/cost/cost_billing',
    ps_type: 'gcp.bq_etl',
    status,
    started_at: startedAt,
    duration_ms: durationMs,
    ...over,
  }),
  dq: (
    tenantId: string,
    runId: string,
    checkId: string,
    result: 'PASS' | 'WARNING' | 'FAIL',
    checkedAt: Date,
  ): Row => ({
    tenant_id: tenantId,
    run_id: runId,
    step_id: 'dq',
    check_id: checkId,
    pipeline_id: 'gcp/cost/cost_billing',
    expectation_type: 'not_null',
    target_table: `${tenantId}.billing_cost_daily`,
    severity: 'critical',
    result,
    checked_at: checkedAt,
  }),
};
