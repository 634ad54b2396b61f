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
const RUN_DEADLINE_MS = 120_000;
const POLL_MS = 250;

export interface ScenarioResult {
  readonly runId: string;
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
    config_id: 'quarter_hour_check',
    provider: 'demo',
    domain: 'health',
    template: 'warehouse_check',
    schedule_cron: '*/15 * * * *',
  });
  check(schedule.status === 201, 'the schedule is created', schedule);

  standIns.firestore.reset();
  standIns.bigquery.reset();
  const tick = nextQuarterHour(new Date());
  const trigger = await call('POST', '/api/v1/scheduler/trigger', {
    ...scheduler,
    'x-cloudscheduler-scheduletime': tick.toISOString(),
  });
  check(trigger.status === 200 && trigger.body.triggered === 1, 'the tick triggers the one due schedule', trigger);
  const runId = await waitForFinishedRun(() =>
    call('GET', `/api/v1/pipelines/runs?tenant_id=${TENANT}`, admin),
  );
  const processQueue = await call('POST', '/api/v1/scheduler/process-queue', scheduler);
  check(processQueue.status === 200, 'process-queue (with its projection catch-up) answers 200', processQueue);
  const firestore = standIns.firestore.counts();
  const bigquery = standIns.bigquery.counts();

  await checkWarehouse(standIns.bigqueryUrl, runId);
  return { runId, refusals, firestore, bigquery };
}

type Call = (method: string, path: string, headers: Record<string, string>, body?: unknown) => Promise<Answer>;

async function checkServiceAuthRefusals(serviceUrl: string, standIns: StandIns, call: Call): Promise<number> {
  const path = '/api/v1/scheduler/trigger';
  const { issuer } = standIns;
  const cases: readonly [string, Record<string, string>, string][] = [
    ['no token', {}, 'UNAUTHORIZED'],
    [
      'another audience',
      { authorization: `Bearer ${issuer.idToken({ email: SERVICE_ACCOUNTS.scheduler, audience: 'https://other.example.com' })}` },
      'INVALID_SERVICE_TOKEN',
    ],
    [
      'an unlisted service account',
      { authorization: `Bearer ${issuer.idToken({ email: `intruder@${SMOKE_PROJECT}.iam.gserviceaccount.com`, audience: serviceUrl })}` },
      'INVALID_SERVICE_TOKEN',
    ],
    ['a key Google never held', { authorization: `Bearer ${forgedToken(serviceUrl)}` }, 'INVALID_SERVICE_TOKEN'],
  ];
  for (const [name, headers, code] of cases) {
    const answer = await call('POST', path, headers);
    check(answer.status === 401 && answer.body.code === code, `a service call with ${name} is refused 401 ${code}`, answer);
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
  const quarter = 15 * 60_000;
  return new Date(Math.ceil((now.getTime() + 1) / quarter) * quarter);
}

/** Cloud Tasks delivers the run on its own schedule: its state is read back until it is final. */
async function waitForFinishedRun(list: () => Promise<Answer>): Promise<string> {
  const deadline = Date.now() + RUN_DEADLINE_MS;
  for (;;) {
    const answer = await list();
    const runs = (answer.body.runs ?? []) as { run_id: string; status: string }[];
    const run = runs[0];
    if (run && ['succeeded', 'failed', 'rejected', 'cancelled', 'skipped'].includes(run.status.toLowerCase())) {
      check(run.status.toLowerCase() === 'succeeded', 'the scheduled run succeeds', run);
      return run.run_id;
    }
    check(Date.now() < deadline, `the run finishes within ${RUN_DEADLINE_MS / 1000} s`, runs);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function checkWarehouse(bigqueryUrl: string, runId: string): Promise<void> {
  const bigquery = new BigQuery(localBigQueryClientOptions(bigqueryUrl, SMOKE_PROJECT));
  const query = async (sql: string) => (await bigquery.query({ query: sql, params: { runId } }))[0] as unknown[];
  const projected = await query('SELECT run_id, status FROM tenants.tenant_pipeline_runs WHERE run_id = @runId');
  check(projected.length === 1, 'the run is in tenants.tenant_pipeline_runs', projected);
  const viewed = await query(`SELECT run_id FROM ${TENANT}.tenant_comprehensive_view WHERE run_id = @runId`);
  check(viewed.length >= 1, `the run is in ${TENANT}.tenant_comprehensive_view`, viewed);
}
