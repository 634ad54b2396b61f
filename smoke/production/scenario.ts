import { BigQuery } from '@google-cloud/bigquery';
import { generateKeyPairSync, sign } from 'node:crypto';
import { localBigQueryClientOptions } from '../../src/local/bigquery/client-options';
import type { BigQueryCounts } from './bigquery-meter';
import type { FirestoreCounts } from './firestore-meter';
import { SERVICE_ACCOUNTS, SMOKE_PROJECT, type StandIns } from './stand-ins';

export class SmokeFailure extends Error {
  readonly code = 'SMOKE_FAILED';
}

function check(condition: boolean, message: string, detail?: unknown): asserts condition {
  if (!condition) throw new SmokeFailure(detail === undefined ? message : `${message}: ${JSON.stringify(detail)}`);
}

const TENANT = 'smoke_tenant';
const CONFIG_ID = 'quarter_hour_check';
/** Scheduled runs whose Firestore and BigQuery work is counted (the figures are per run). */
const MEASURED_RUNS = 3;
const QUARTER_HOUR_MS = 15 * 60_000;
const RUN_DEADLINE_MS = 120_000;
const POLL_MS = 250;

export interface ScenarioResult {
  readonly runIds: readonly string[];
  readonly refusals: number;
  readonly firestore: FirestoreCounts;
  readonly bigquery: BigQueryCounts;
}

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * What an operator does on a fresh deployment, over HTTP: refused service calls first (no token, another
 * audience, an unlisted account, a key Google never held), then bootstrap, onboarding, a schedule, one Cloud
 * Scheduler tick; the run goes through Cloud Tasks to its steps, and the projections put it in the warehouse.
 * What that one scheduled run cost is counted from the tick to the projection.
 */
export async function runScenario(serviceUrl: string, standIns: StandIns): Promise<ScenarioResult> {
  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const response = await fetch(`${serviceUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> } as Answer;
  };
  const admin = { 'x-admin-key': standIns.adminKey };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const scheduler = bearer(standIns.issuer.idToken({ email: SERVICE_ACCOUNTS.scheduler, audience: serviceUrl }));

  const refusals = await checkServiceAuthRefusals(serviceUrl, standIns, call);

  const bootstrap = await call('POST', '/api/v1/admin/bootstrap', admin, {});
  check(bootstrap.status === 201, 'bootstrap answers 201', bootstrap);
  const onboard = await call('POST', '/api/v1/tenants/onboard', admin, {
    tenant_id: TENANT,
    company_name: 'Smoke Test Company',
    contact_email: 'ops@smoke-test.example.com',
  });
  check(onboard.status === 201, 'onboarding answers 201', onboard);
  const schedule = await call('POST', `/api/v1/scheduler/tenant/${TENANT}/pipelines`, admin, {
    config_id: CONFIG_ID,
    provider: 'demo',
    domain: 'health',
    template: 'warehouse_check',
    schedule_cron: '*/15 * * * *',
  });
  check(schedule.status === 201, 'the schedule is created', schedule);

  // Onboarding's own projection work is finished first, so the meters count the scheduled runs alone.
  const settle = await call('POST', '/api/v1/scheduler/process-queue', scheduler);
  check(settle.status === 200, 'process-queue (with its projection catch-up) answers 200', settle);
  standIns.firestore.reset();
  standIns.bigquery.reset();
  const firstTick = nextQuarterHour(new Date());
  const runIds: string[] = [];
  for (let i = 0; i < MEASURED_RUNS; i += 1) {
    const tick = new Date(firstTick.getTime() + i * QUARTER_HOUR_MS);
    const trigger = await call('POST', '/api/v1/scheduler/trigger', {
      ...scheduler,
      'x-cloudscheduler-scheduletime': tick.toISOString(),
    });
    check(trigger.status === 200 && trigger.body.triggered === 1, 'each tick triggers the one due schedule', trigger);
    const runId = `${TENANT}--${CONFIG_ID}--${compactUtc(tick)}`;
    await waitForSucceededRun(runId, () => call('GET', `/api/v1/pipelines/runs?tenant_id=${TENANT}`, admin));
    const processQueue = await call('POST', '/api/v1/scheduler/process-queue', scheduler);
    check(processQueue.status === 200, 'process-queue (with its projection catch-up) answers 200', processQueue);
    runIds.push(runId);
  }
  const firestore = perRun(standIns.firestore.counts());
  const bigquery = perRun(standIns.bigquery.counts());

  for (const runId of runIds) await checkWarehouse(standIns.bigqueryUrl, runId);
  return { runIds, refusals, firestore, bigquery };
}

/** Every counter divided by the runs measured, to one decimal. */
function perRun<T extends object>(counts: T): T {
  const divide = (value: unknown): unknown =>
    typeof value === 'number'
      ? Math.round((value / MEASURED_RUNS) * 10) / 10
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, divide(inner)]))
        : value;
  return divide(counts) as T;
}

/** 2026-12-07T14:00:00Z → 20261207T1400Z, the fire time in a scheduled run's id. */
function compactUtc(time: Date): string {
  return time.toISOString().slice(0, 16).replace(/[-:]/g, '') + 'Z';
}

type Call = (method: string, path: string, headers: Record<string, string>, body?: unknown) => Promise<Answer>;

async function checkServiceAuthRefusals(serviceUrl: string, standIns: StandIns, call: Call): Promise<number> {
  const path = '/api/v1/scheduler/trigger';
  const { issuer } = standIns;
  const cases: readonly [string, Record<string, string>, string][] = [
    ['no token', {}, 'UNAUTHORIZED'],
    [
      'another audience',
      {
        authorization: `Bearer ${issuer.idToken({ email: SERVICE_ACCOUNTS.scheduler, audience: 'https://other.example.com' })}`,
      },
      'INVALID_SERVICE_TOKEN',
    ],
    [
      'an unlisted service account',
      {
        authorization: `Bearer ${issuer.idToken({ email: `intruder@${SMOKE_PROJECT}.iam.gserviceaccount.com`, audience: serviceUrl })}`,
      },
      'INVALID_SERVICE_TOKEN',
    ],
    ['a key Google never held', { authorization: `Bearer ${forgedToken(serviceUrl)}` }, 'INVALID_SERVICE_TOKEN'],
  ];
  for (const [name, headers, code] of cases) {
    const answer = await call('POST', path, headers);
    check(
      answer.status === 401 && answer.body.error === code,
      `a service call with ${name} is refused 401 ${code}`,
      answer,
    );
  }
  return cases.length;
}

/** A well-formed Google-looking ID token signed by a key of our own making: only the signature is wrong. */
function forgedToken(audience: string): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${encode({ alg: 'RS256', kid: 'forged', typ: 'JWT' })}.${encode({
    iss: 'https://accounts.google.com',
    aud: audience,
    email: SERVICE_ACCOUNTS.scheduler,
    email_verified: true,
    iat: now,
    exp: now + 3600,
  })}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
}

function nextQuarterHour(now: Date): Date {
  return new Date(Math.ceil((now.getTime() + 1) / QUARTER_HOUR_MS) * QUARTER_HOUR_MS);
}

/** Cloud Tasks delivers the run on its own schedule: its state is read back until it is final. */
async function waitForSucceededRun(runId: string, list: () => Promise<Answer>): Promise<void> {
  const deadline = Date.now() + RUN_DEADLINE_MS;
  for (;;) {
    const answer = await list();
    const runs = (answer.body.runs ?? []) as { run_id: string; status: string }[];
    const run = runs.find((candidate) => candidate.run_id === runId);
    if (run && FINAL_STATUSES.has(run.status.toLowerCase())) {
      check(run.status.toLowerCase() === 'succeeded', `the scheduled run ${runId} succeeds`, run);
      return;
    }
    check(Date.now() < deadline, `the run ${runId} finishes within ${RUN_DEADLINE_MS / 1000} s`, runs);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

const FINAL_STATUSES = new Set(['succeeded', 'failed', 'rejected', 'cancelled', 'skipped']);

async function checkWarehouse(bigqueryUrl: string, runId: string): Promise<void> {
  const bigquery = new BigQuery(localBigQueryClientOptions(bigqueryUrl, SMOKE_PROJECT));
  const query = async (sql: string) => (await bigquery.query({ query: sql, params: { runId } }))[0] as unknown[];
  const projected = await query('SELECT run_id, status FROM tenants.tenant_pipeline_runs WHERE run_id = @runId');
  check(projected.length === 1, 'the run is in tenants.tenant_pipeline_runs', projected);
  const viewed = await query(`SELECT run_id FROM ${TENANT}.tenant_comprehensive_view WHERE run_id = @runId`);
  check(viewed.length >= 1, `the run is in ${TENANT}.tenant_comprehensive_view`, viewed);
}
