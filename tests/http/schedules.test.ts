import request from 'supertest';
import { tenantStreamId } from '../../src/domain/streams';
import {
  adminHeaders,
  bootstrap,
  countAllEvents,
  eventCommitTime,
  expectErrorShape,
  onboard,
  tenantEvents,
  type OnboardedTenant,
} from '../support/http-fixtures';
import { startTestService, type TestService } from '../support/service';

// A Saturday noon UTC, the day before Europe/Berlin moves to summer time (2026-03-29 02:00 → 03:00).
const NOW = new Date('2026-03-28T12:00:00.000Z');
const BILLING_ACCOUNT = '01A2B3-C4D5E6-F7A8B9';
const EXPORT_TABLE = 'gcp_billing_export_v1_01A2B3_C4D5E6_F7A8B9';

let service: TestService;
let tenant: OnboardedTenant;
beforeAll(async () => {
  service = await startTestService();
  service.setNow(NOW);
  await bootstrap(service);
  tenant = await onboard(service, 'sched_tenant', { billing_account_ids: [BILLING_ACCOUNT], timezone: 'Asia/Tokyo' });
  await onboard(service, 'sched_nobilling');
  // A key's first use in a minute records an ApiKeyUsed event; recorded now, so "nothing written" counts only refusals.
  expect((await request(service.app).get(base()).set(asTenant())).status).toBe(200);
});
afterAll(async () => {
  await service?.stop();
});

const base = (tenantId = 'sched_tenant') => `/api/v1/scheduler/tenant/${tenantId}/pipelines`;
const asTenant = (who: OnboardedTenant = tenant) => ({ 'X-API-Key': who.apiKey });
/** The export table is the operator's (set at onboarding with the admin key); a tenant key may not send it. */
const asOperator = () => adminHeaders(service);
const cost = (overrides: Record<string, unknown> = {}) => ({
  provider: 'gcp',
  domain: 'cost',
  template: 'cost_billing',
  schedule_cron: '0 6 * * *',
  parameters: { billing_export_table: EXPORT_TABLE },
  ...overrides,
});
/** What a tenant key sends: its own settings, without the operator's parameters (which the update keeps). */
const tenantCost = (overrides: Record<string, unknown> = {}) => {
  const { parameters: _operatorSet, ...settings } = cost(overrides);
  return settings;
};

/**
 * A tenant of the test's own (billing account, Asia/Tokyo, its key's first use recorded) with the schedules
 * given, created by the operator: the tests that create, read, update or delete schedules do not share one.
 */
async function tenantWith(tenantId: string, ...schedules: Record<string, unknown>[]): Promise<OnboardedTenant> {
  const own = await onboard(service, tenantId, { billing_account_ids: [BILLING_ACCOUNT], timezone: 'Asia/Tokyo' });
  expect((await request(service.app).get(base(tenantId)).set(asTenant(own))).status).toBe(200);
  for (const body of schedules)
    expect((await request(service.app).post(base(tenantId)).set(asOperator()).send(body)).status).toBe(201);
  return own;
}
const berlinCost = () => cost({ timezone: 'Europe/Berlin', priority: 7, overlap_policy: 'buffer_one' });
const tokyoCost = () => cost({ config_id: 'cost_tokyo' });

/** The wall-clock time of an instant in a timezone, computed without croner: an independent check of the fire time. */
const wallClock = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));

describe('creating a schedule', () => {
  it("creates it, computing the next run in the schedule's timezone, and indexes it in the same commit", async () => {
    const T = 'sched_create';
    await tenantWith(T);
    const response = await request(service.app)
      .post(base(T))
      .set(asOperator())
      .send(cost({ timezone: 'Europe/Berlin', priority: 7, overlap_policy: 'buffer_one' }));
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      tenant_id: T,
      config_id: 'gcp_cost_cost_billing',
      provider: 'gcp',
      domain: 'cost',
      template: 'cost_billing',
      pipeline: 'gcp/cost/cost_billing',
      schedule_cron: '0 6 * * *',
      timezone: 'Europe/Berlin',
      priority: 7,
      catchup_window_minutes: 60,
      overlap_policy: 'buffer_one',
      parameters: { billing_account_ids: [BILLING_ACCOUNT], billing_export_table: EXPORT_TABLE },
      is_active: true,
      // 06:00 CEST on the first day of summer time is 04:00 UTC (not 05:00, as it was the day before).
      next_run_time: '2026-03-29T04:00:00.000Z',
    });
    expect(wallClock(response.body.next_run_time, 'Europe/Berlin')).toBe('2026-03-29 06:00');

    const index = await service.ctx.db.doc(`schedule_index/${T}__gcp_cost_cost_billing`).get();
    expect(index.data()).toMatchObject({
      tenantId: T,
      configId: 'gcp_cost_cost_billing',
      cron: '0 6 * * *',
      timezone: 'Europe/Berlin',
      priority: 7,
      active: true,
      nextRunAt: '2026-03-29T04:00:00.000Z',
    });
    const created = (await tenantEvents(service, T)).find((e) => e.type === 'ScheduleCreated');
    expect(created?.meta.actor).toBe('admin');
    const commit = await eventCommitTime(service, tenantStreamId(T), created?.revision ?? -1);
    expect(index.updateTime?.valueOf()).toBe(commit.valueOf());
  });

  it("defaults the timezone to the tenant's and takes a given config id", async () => {
    const T = 'sched_default';
    await tenantWith(T);
    const response = await request(service.app)
      .post(base(T))
      .set(asOperator())
      .send(cost({ config_id: 'cost_tokyo' }));
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      config_id: 'cost_tokyo',
      timezone: 'Asia/Tokyo',
      priority: 5,
      overlap_policy: 'skip',
      next_run_time: '2026-03-28T21:00:00.000Z',
    });
    expect(wallClock(response.body.next_run_time, 'Asia/Tokyo')).toBe('2026-03-29 06:00');
    expect((await service.ctx.db.doc(`schedule_index/${T}__cost_tokyo`).get()).get('nextRunAt')).toBe(
      '2026-03-28T21:00:00.000Z',
    );
  });

  it('answers 409 SCHEDULE_EXISTS to a retried create of the same config, recording nothing', async () => {
    const T = 'sched_retry';
    await tenantWith(T, berlinCost());
    const before = (await tenantEvents(service, T)).length;
    const retried = await request(service.app)
      .post(base(T))
      .set(asOperator())
      .send(cost({ timezone: 'Europe/Berlin' }));
    expect(retried.status).toBe(409);
    expectErrorShape(retried.body, 'SCHEDULE_EXISTS');
    expect(await tenantEvents(service, T)).toHaveLength(before);
  });

  it.each([
    ['an unknown template', cost({ template: 'no_such_pipeline' })],
    ['an unknown provider', cost({ provider: 'aws' })],
  ])('answers 404 PIPELINE_NOT_FOUND for %s', async (_case, body) => {
    const before = await countAllEvents(service.ctx.db);
    const response = await request(service.app).post(base()).set(asTenant()).send(body);
    expect(response.status).toBe(404);
    expectErrorShape(response.body, 'PIPELINE_NOT_FOUND');
    expect(await countAllEvents(service.ctx.db)).toBe(before);
  });
});

describe('refusing a schedule', () => {
  it.each([
    ['a minute out of range', cost({ schedule_cron: '61 * * * *' }), 'body.schedule_cron'],
    ['four cron fields', cost({ schedule_cron: '0 6 * *' }), 'body.schedule_cron'],
    ['a cron nickname', cost({ schedule_cron: '@daily' }), 'body.schedule_cron'],
    ['an unknown timezone', cost({ timezone: 'Mars/Olympus_Mons' }), 'body.timezone'],
    ['priority 0', cost({ priority: 0 }), 'body.priority'],
    ['priority 11', cost({ priority: 11 }), 'body.priority'],
    ['a fractional priority', cost({ priority: 2.5 }), 'body.priority'],
    ['a priority as text', cost({ priority: '5' }), 'body.priority'],
    ['an unknown overlap policy', cost({ overlap_policy: 'queue' }), 'body.overlap_policy'],
    ['a negative catch-up window', cost({ catchup_window_minutes: -1 }), 'body.catchup_window_minutes'],
    ['a template escaping the catalog', cost({ template: '../setup/tenants/onboarding' }), 'body.template'],
    ['the setup pipelines', cost({ provider: 'setup' }), 'body.provider'],
    ['parameters as a list', cost({ parameters: [EXPORT_TABLE] }), 'body.parameters'],
  ])('answers 400 INVALID_PAYLOAD for %s, naming the path', async (_case, body, path) => {
    const before = await countAllEvents(service.ctx.db);
    const response = await request(service.app)
      .post(base())
      .set(asTenant())
      .send({ ...body, config_id: 'refused' });
    expect(response.status).toBe(400);
    expectErrorShape(response.body, 'INVALID_PAYLOAD');
    expect((response.body.details.problems as string[]).map((p) => p.split(':')[0])).toEqual([path]);
    expect(await countAllEvents(service.ctx.db)).toBe(before);
  });

  it.each([
    [
      'an undeclared parameter',
      'sched_tenant',
      cost({ parameters: { billing_export_table: EXPORT_TABLE, region: 'eu' } }),
      'parameters.region: not a parameter of cost_billing',
    ],
    [
      'an identifier parameter that is not an identifier',
      'sched_tenant',
      cost({ parameters: { billing_export_table: 'x; DROP TABLE y' } }),
      'parameters.billing_export_table: expected an identifier',
    ],
    [
      'an identifier parameter that is a number',
      'sched_tenant',
      cost({ parameters: { billing_export_table: 42 } }),
      'parameters.billing_export_table: expected an identifier',
    ],
    [
      'a string_array parameter given as a string',
      'sched_tenant',
      cost({ parameters: { billing_export_table: EXPORT_TABLE, billing_account_ids: BILLING_ACCOUNT } }),
      'parameters.billing_account_ids: expected a list of strings',
    ],
    [
      'a required parameter left out (tenant without billing accounts)',
      'sched_nobilling',
      cost(),
      'parameters.billing_account_ids: required by cost_billing',
    ],
  ])('answers 400 INVALID_SCHEDULE for %s, naming the parameter', async (_case, tenantId, body, problem) => {
    const before = await countAllEvents(service.ctx.db);
    const response = await request(service.app)
      .post(base(tenantId))
      .set(adminHeaders(service))
      .send({ ...body, config_id: 'refused' });
    expect(response.status).toBe(400);
    expectErrorShape(response.body, 'INVALID_SCHEDULE');
    expect(response.body.details.problems).toEqual([expect.stringContaining(problem)]);
    expect(await countAllEvents(service.ctx.db)).toBe(before);
  });
});

describe('reading, updating and deleting', () => {
  it('lists and gets schedules; an unknown one is 404 SCHEDULE_NOT_FOUND', async () => {
    const T = 'sched_list';
    const own = await tenantWith(T, berlinCost(), tokyoCost());
    const list = await request(service.app).get(base(T)).set(asTenant(own));
    expect(list.status).toBe(200);
    expect(list.body.pipelines.map((p: { config_id: string }) => p.config_id).sort()).toEqual([
      'cost_tokyo',
      'gcp_cost_cost_billing',
    ]);
    const one = await request(service.app)
      .get(`${base(T)}/gcp_cost_cost_billing`)
      .set(asTenant(own));
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      config_id: 'gcp_cost_cost_billing',
      timezone: 'Europe/Berlin',
      next_run_time: '2026-03-29T04:00:00.000Z',
    });
    const missing = await request(service.app)
      .get(`${base(T)}/nope`)
      .set(asTenant(own));
    expect(missing.status).toBe(404);
    expectErrorShape(missing.body, 'SCHEDULE_NOT_FOUND');
  });

  it("replaces the settings but not the operator's parameters; a paused schedule has no next run (answer and index)", async () => {
    const T = 'sched_update';
    const own = await tenantWith(T, berlinCost(), tokyoCost());
    const path = `${base(T)}/gcp_cost_cost_billing`;
    const paused = await request(service.app)
      .put(path)
      .set(asTenant(own))
      .send(tenantCost({ schedule_cron: '30 7 * * 1', timezone: 'UTC', priority: 9, is_active: false }));
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({
      config_id: 'gcp_cost_cost_billing',
      schedule_cron: '30 7 * * 1',
      timezone: 'UTC',
      priority: 9,
      overlap_policy: 'skip',
      is_active: false,
      next_run_time: null,
    });
    const operatorSet = { billing_account_ids: [BILLING_ACCOUNT], billing_export_table: EXPORT_TABLE };
    expect(paused.body.parameters).toEqual(operatorSet);
    expect((await service.ctx.db.doc(`schedule_index/${T}__gcp_cost_cost_billing`).get()).data()).toMatchObject({
      cron: '30 7 * * 1',
      active: false,
      nextRunAt: null,
    });

    const resumed = await request(service.app)
      .put(path)
      .set(asTenant(own))
      .send(tenantCost({ schedule_cron: '30 7 * * 1', timezone: 'UTC', is_active: true }));
    expect(resumed.status).toBe(200);
    // The Monday after Saturday 2026-03-28.
    expect(resumed.body).toMatchObject({ is_active: true, priority: 5, next_run_time: '2026-03-30T07:30:00.000Z' });
    expect((await service.ctx.db.doc(`schedule_index/${T}__gcp_cost_cost_billing`).get()).data()).toMatchObject({
      active: true,
      nextRunAt: '2026-03-30T07:30:00.000Z',
    });
    expect((await request(service.app).get(path).set(asTenant(own))).body).toMatchObject({
      schedule_cron: '30 7 * * 1',
      next_run_time: '2026-03-30T07:30:00.000Z',
    });
  });

  it('refuses an update naming another config id (400 INVALID_COMMAND) or an unknown schedule (404)', async () => {
    const T = 'sched_mismatch';
    const own = await tenantWith(T, berlinCost(), tokyoCost());
    const mismatch = await request(service.app)
      .put(`${base(T)}/gcp_cost_cost_billing`)
      .set(asTenant(own))
      .send(tenantCost({ config_id: 'cost_tokyo' }));
    expect(mismatch.status).toBe(400);
    expectErrorShape(mismatch.body, 'INVALID_COMMAND');
    const unknown = await request(service.app)
      .put(`${base(T)}/never_created`)
      .set(asTenant(own))
      .send(tenantCost());
    expect(unknown.status).toBe(404);
    expectErrorShape(unknown.body, 'SCHEDULE_NOT_FOUND');
    expect((await service.ctx.db.doc(`schedule_index/${T}__never_created`).get()).exists).toBe(false);
  });

  it('deletes a schedule and its index entry; deleting again is 404', async () => {
    const T = 'sched_delete';
    const own = await tenantWith(T, berlinCost(), tokyoCost());
    const path = `${base(T)}/cost_tokyo`;
    const deleted = await request(service.app).delete(path).set(asTenant(own));
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ config_id: 'cost_tokyo', deleted: true, deleted_at: NOW.toISOString() });
    expect((await service.ctx.db.doc(`schedule_index/${T}__cost_tokyo`).get()).exists).toBe(false);
    expect((await request(service.app).get(path).set(asTenant(own))).status).toBe(404);
    expect(
      (await request(service.app).get(base(T)).set(asTenant(own))).body.pipelines.map(
        (p: { config_id: string }) => p.config_id,
      ),
    ).toEqual(['gcp_cost_cost_billing']);
    const again = await request(service.app).delete(path).set(asTenant(own));
    expect(again.status).toBe(404);
    expect(again.body.error).toBe('SCHEDULE_NOT_FOUND');
  });
});
