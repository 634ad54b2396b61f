import request from 'supertest';
import { manualRunId } from '../../src/domain/run/ids';
import { runStreamId, tenantStreamId } from '../../src/domain/streams';
import { generateBillingExport, SAMPLE_EXPORT_TABLE, writeBillingExport } from '../../src/local/sample-data';
import {
  adminHeaders,
  bootstrap,
  countAllEvents,
  expectErrorShape,
  onboard,
  type OnboardedTenant,
} from '../support/http-fixtures';
import { startTestService, type TestService } from '../support/service';
import { deliver } from '../runs/support';

/**
 * Values set at onboarding cannot be overridden by a tenant: with two onboarded tenants sharing one parent
 * billing export, the attacker's key tries to point its cost pipeline at the victim's accounts, dataset or
 * table — on a manual run, a schedule create and a schedule update — and is refused without a write; its
 * legitimate run then loads only its own accounts.
 */
const DAY = '2026-01-02';
const ATTACKER = { tenantId: 'attack_co', billingAccountIds: ['0A1B2C-3D4E5F-6A7B8C'] };
const VICTIM = { tenantId: 'victim_co', billingAccountIds: ['9F8E7D-6C5B4A-3F2E1D'] };
const VICTIM_DATASET = 'victim_exports';
const VICTIM_TABLE = 'gcp_billing_export_v1_9F8E7D_6C5B4A_3F2E1D';
const COST = 'gcp/cost/cost_billing';
const SCHEDULE = 'daily_cost';
const OPERATOR_SET = { billing_export_table: SAMPLE_EXPORT_TABLE };

let service: TestService;
let attacker: OnboardedTenant;
let victim: OnboardedTenant;

const schedules = (tenantId: string) => `/api/v1/scheduler/tenant/${tenantId}/pipelines`;
const scheduleOf = (tenantId: string) => `${schedules(tenantId)}/${SCHEDULE}`;
const asKey = (tenant: OnboardedTenant) => ({ 'X-API-Key': tenant.apiKey });
const costSchedule = (overrides: Record<string, unknown> = {}) => ({
  config_id: SCHEDULE,
  provider: 'gcp',
  domain: 'cost',
  template: 'cost_billing',
  schedule_cron: '0 6 * * *',
  ...overrides,
});
const runManual = (tenant: OnboardedTenant, pipeline: string, body: object, idempotencyKey: string) =>
  request(service.app)
    .post(`/api/v1/pipelines/run/${tenant.tenantId}/${pipeline}`)
    .set(asKey(tenant))
    .set('Idempotency-Key', idempotencyKey)
    .send(body);

beforeAll(async () => {
  service = await startTestService();
  service.setNow(new Date('2026-01-03T09:00:00Z'));
  await bootstrap(service);
  const shared = generateBillingExport({ seed: 'ownership', tenants: [ATTACKER, VICTIM], startDate: DAY, days: 1 });
  await writeBillingExport(service.ctx.warehouse, shared.rows);
  const victimOnly = generateBillingExport({
    seed: 'ownership-victim',
    tenants: [VICTIM],
    startDate: DAY,
    days: 1,
    unassignedAccounts: 0,
  });
  await writeBillingExport(service.ctx.warehouse, victimOnly.rows, { dataset: VICTIM_DATASET, table: VICTIM_TABLE });
  attacker = await onboard(service, ATTACKER.tenantId, { billing_account_ids: ATTACKER.billingAccountIds });
  victim = await onboard(service, VICTIM.tenantId, { billing_account_ids: VICTIM.billingAccountIds });
  // Onboarding: the operator (admin key) names each tenant's export table.
  for (const t of [attacker, victim]) {
    const body = costSchedule({ parameters: OPERATOR_SET });
    const created = await request(service.app).post(schedules(t.tenantId)).set(adminHeaders(service)).send(body);
    if (created.status !== 201) throw new Error(`schedule ${t.tenantId}: ${JSON.stringify(created.body)}`);
  }
  // A key's first use in a minute records an ApiKeyUsed event; recorded now, so "nothing written" counts only refusals.
  expect((await request(service.app).get(schedules(ATTACKER.tenantId)).set(asKey(attacker))).status).toBe(200);
});
afterAll(async () => {
  await service?.stop();
});

const OVERRIDES: readonly [string, Record<string, unknown>][] = [
  ['billing_account_ids', { billing_account_ids: VICTIM.billingAccountIds }],
  ['billing_export_dataset', { billing_export_dataset: VICTIM_DATASET }],
  ['billing_export_table', { billing_export_table: VICTIM_TABLE }],
];

function expectRefusalNaming(body: { details?: { problems?: string[] } }, parameter: string): void {
  expectErrorShape(body, 'PARAMETER_NOT_TENANT_SETTABLE');
  const problem = `parameters.${parameter}: set by the operator; a tenant API key may not set it`;
  expect(body.details?.problems).toEqual([problem]);
}

describe("a tenant key cannot set the operator's parameters", () => {
  it.each(OVERRIDES)('a manual run overriding %s: 400 naming it; no run stream, no task', async (name, parameters) => {
    const before = await countAllEvents(service.ctx.db);
    const key = `override-${name.replace(/_/g, '-')}`;
    const response = await runManual(attacker, COST, { date: DAY, parameters }, key);
    expect(response.status).toBe(400);
    expectRefusalNaming(response.body, name);
    const stream = await service.ctx.store.readStream(runStreamId(manualRunId(ATTACKER.tenantId, key)));
    expect(stream.events).toHaveLength(0);
    expect(await countAllEvents(service.ctx.db)).toBe(before);
    expect(service.dispatcher.take()).toEqual([]);
  });

  it.each(OVERRIDES)('a schedule create overriding %s: 400 naming it, recording nothing', async (name, parameters) => {
    const before = await countAllEvents(service.ctx.db);
    const body = costSchedule({ config_id: 'stolen_cost', parameters });
    const response = await request(service.app).post(schedules(ATTACKER.tenantId)).set(asKey(attacker)).send(body);
    expect(response.status).toBe(400);
    expectRefusalNaming(response.body, name);
    expect(await countAllEvents(service.ctx.db)).toBe(before);
    expect((await service.ctx.db.doc(`schedule_index/${ATTACKER.tenantId}__stolen_cost`).get()).exists).toBe(false);
  });

  it.each(OVERRIDES)('a schedule update overriding %s: 400 naming it; schedule unchanged', async (name, parameters) => {
    const before = await countAllEvents(service.ctx.db);
    const body = costSchedule({ parameters });
    const response = await request(service.app).put(scheduleOf(ATTACKER.tenantId)).set(asKey(attacker)).send(body);
    expect(response.status).toBe(400);
    expectRefusalNaming(response.body, name);
    expect(await countAllEvents(service.ctx.db)).toBe(before);
    const stored = await request(service.app).get(scheduleOf(ATTACKER.tenantId)).set(asKey(attacker));
    expect(stored.body.parameters).toEqual({ billing_account_ids: ATTACKER.billingAccountIds, ...OPERATOR_SET });
  });

  it('names every refused parameter of one request at once', async () => {
    const parameters = Object.assign({}, ...OVERRIDES.map(([, p]) => p));
    const response = await runManual(attacker, COST, { date: DAY, parameters }, 'override-all-three');
    expect(response.status).toBe(400);
    expect(response.body.details.problems).toHaveLength(3);
    for (const [parameter] of OVERRIDES) expect(response.body.message).toContain(`parameters.${parameter}:`);
  });
});

describe("the operator's values win", () => {
  it("a tenant's schedule update keeps the operator's parameters and changes the rest", async () => {
    const body = costSchedule({ schedule_cron: '30 7 * * *' });
    const updated = await request(service.app).put(scheduleOf(ATTACKER.tenantId)).set(asKey(attacker)).send(body);
    expect(updated.status).toBe(200);
    const kept = { billing_account_ids: ATTACKER.billingAccountIds, ...OPERATOR_SET };
    expect(updated.body).toMatchObject({ schedule_cron: '30 7 * * *', parameters: kept });
    const events = (await service.ctx.store.readStream(tenantStreamId(ATTACKER.tenantId))).events;
    const updates = events.filter((e) => e.type === 'ScheduleUpdated');
    expect(updates.at(-1)?.data).toMatchObject({ schedule: { cron: '30 7 * * *', parameters: kept } });
  });

  it('the admin key (the operator) may set an operator parameter', async () => {
    const parameters = { ...OPERATOR_SET, billing_export_dataset: 'billing_export' };
    const path = scheduleOf(VICTIM.tenantId);
    const moved = await request(service.app).put(path).set(adminHeaders(service)).send(costSchedule({ parameters }));
    expect(moved.status).toBe(200);
    expect(moved.body.parameters).toEqual({ billing_account_ids: VICTIM.billingAccountIds, ...parameters });
  });

  it("the attacker's legitimate run loads only its own accounts; the victim's rows stay the victim's", async () => {
    for (const [tenant, key] of [
      [attacker, 'legit-attacker-run'],
      [victim, 'legit-victim-run'],
    ] as const) {
      const started = await runManual(tenant, COST, { date: DAY }, key);
      expect(started.status).toBe(202);
      const tasks = service.dispatcher.take();
      expect(tasks.map((t) => t.runId)).toEqual([started.body.run_id]);
      const delivered = await deliver(service, tasks[0] as { runId: string; tenantId: string });
      expect(delivered.body).toMatchObject({ status: 'succeeded' });
    }
    // Grouped by account: one row per (account, tenant) found in the tenant's table.
    const accountsIn = async (tenantId: string) => {
      const table = `\`${service.ctx.projectId}.${tenantId}.billing_cost_daily\``;
      const result = await service.ctx.warehouse.runQuery(
        `SELECT billing_account_id, tenant_id FROM ${table} GROUP BY 1, 2 ORDER BY billing_account_id`,
      );
      return result.rows.map((r) => ({ account: r.billing_account_id, tenant: r.tenant_id }));
    };
    const [attackerAccount, victimAccount] = [ATTACKER.billingAccountIds[0], VICTIM.billingAccountIds[0]];
    expect(await accountsIn(ATTACKER.tenantId)).toEqual([{ account: attackerAccount, tenant: ATTACKER.tenantId }]);
    expect(await accountsIn(VICTIM.tenantId)).toEqual([{ account: victimAccount, tenant: VICTIM.tenantId }]);
  });
});

describe('a tenant-settable parameter', () => {
  it('is accepted from a tenant key on a manual run and on a schedule', async () => {
    const check = 'demo/health/warehouse_check';
    const started = await runManual(attacker, check, { parameters: { fail_on_purpose: true } }, 'tenant-settable-run');
    expect(started.status).toBe(202);
    service.dispatcher.take();
    const run = await service.ctx.store.readStream(runStreamId(started.body.run_id));
    const requested = run.events.find((e) => e.type === 'RunRequested');
    expect(requested?.data).toMatchObject({ parameters: { fail_on_purpose: true } });

    const body = {
      provider: 'demo',
      domain: 'health',
      template: 'warehouse_check',
      schedule_cron: '*/15 * * * *',
      parameters: { fail_on_purpose: true },
    };
    const created = await request(service.app).post(schedules(ATTACKER.tenantId)).set(asKey(attacker)).send(body);
    expect(created.status).toBe(201);
    expect(created.body.parameters).toEqual({ fail_on_purpose: true });
  });
});
