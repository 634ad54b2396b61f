import request from 'supertest';
import { replayDependenciesOf } from '../../src/app/replay/replay-dependencies-of';
import { LIVE_SET, shadowSet } from '../../src/projections/projection-set';
import { runReplay } from '../../src/projections/replay/run-replay';
import { startTestService, type TestService } from '../support/service';
import { admin, bootstrapAndOnboard, createSchedule, deliver, trigger } from '../runs/support';

/**
 * Replay on a live system: runs executed through the service, projected by the live projector; then a rebuild
 * from revision 1 must equal the live tables by checksum, name a tampered row, and promote back over it.
 */
let service: TestService;
const ticks = ['2026-11-27T06:00:00Z', '2026-11-27T07:00:00Z'];

beforeAll(async () => {
  service = await startTestService();
  service.setNow(new Date('2026-11-27T05:30:00Z'));
  const keys = await bootstrapAndOnboard(service, [
    { tenantId: 'replay_alpha', plan: 'PROFESSIONAL' },
    { tenantId: 'replay_beta', plan: 'STARTER', timezone: 'Europe/Berlin' },
  ]);
  await createSchedule(service, 'replay_alpha', {
    config_id: 'hourly',
    schedule_cron: '0 * * * *',
    timezone: 'UTC',
    catchup_window_minutes: 120,
  });
  await createSchedule(service, 'replay_beta', {
    config_id: 'hourly',
    schedule_cron: '0 * * * *',
    timezone: 'UTC',
    catchup_window_minutes: 120,
  });
  for (const tick of ticks) {
    service.setNow(new Date(Date.parse(tick) + 5_000));
    expect((await trigger(service, tick)).status).toBe(200);
    for (const task of service.dispatcher.take()) expect((await deliver(service, task)).status).toBe(200);
  }
  // A key revoked and a plan changed: tenant events after the runs.
  const keyId = (await request(service.app).get('/api/v1/tenants/replay_beta/api-keys').set(admin(service))).body
    .api_keys[0].key_id as string;
  expect(
    (
      await request(service.app)
        .delete(`/api/v1/tenants/replay_beta/api-keys/${keyId}`)
        .set(admin(service))
        .send({ reason: 'rotated' })
    ).status,
  ).toBe(200);
  expect(keys.replay_alpha).toBeDefined();
  const outcomes = await service.ctx.projections.live.catchUpAll();
  expect(outcomes.filter((outcome) => outcome.status !== 'done')).toEqual([]);
});
afterAll(async () => {
  await service?.stop();
});

const rowsOf = async (sql: string) => (await service.ctx.warehouse.runQuery(sql)).rows;
/** Every row of a table as JSON text, sorted: two tables are equal when these are. */
const tableRows = async (dataset: string, table: string) =>
  (await rowsOf(`SELECT * FROM \`${dataset}.${table}\``)).map((row) => JSON.stringify(row)).sort();

describe('live projections', () => {
  it("hold every event, the tenants' profiles and each run with its steps", async () => {
    const [events] = await rowsOf('SELECT COUNT(*) AS n FROM `tenants.tenant_event_log`');
    let stored = 0;
    for await (const _ of service.ctx.store.readTenant('replay_alpha')) stored += 1;
    for await (const _ of service.ctx.store.readTenant('replay_beta')) stored += 1;
    for await (const _ of service.ctx.store.readTenant('_system')) stored += 1;
    expect(Number(events?.n)).toBe(stored);
    const runs = await rowsOf(
      'SELECT tenant_id, status, steps_succeeded FROM `tenants.tenant_pipeline_runs` ORDER BY tenant_id, run_id',
    );
    expect(runs).toHaveLength(4);
    expect(runs.every((run) => run.status === 'SUCCEEDED' && Number(run.steps_succeeded) >= 1)).toBe(true);
    const profiles = await rowsOf('SELECT tenant_id, plan FROM `tenants.tenant_profiles` ORDER BY tenant_id');
    expect(profiles).toEqual([
      { tenant_id: 'replay_alpha', plan: 'PROFESSIONAL' },
      { tenant_id: 'replay_beta', plan: 'STARTER' },
    ]);
  });
});

describe('replay of the live system', () => {
  it('rebuilds a shadow set equal to the live tables, by its verdict and row by row', async () => {
    const record = await runReplay(replayDependenciesOf(service.ctx), {
      replayId: 'same',
      verify: true,
      promote: false,
      requestedBy: 'test',
    });
    expect(record.error).toBeNull();
    expect(record.status).toBe('succeeded');
    expect(record.projectedEvents).toBeGreaterThan(0);
    const different = record.verify?.tables.filter((table) => !table.equal);
    expect(different).toEqual([]);
    expect(record.verify?.tables.find((table) => table.table === 'tenant_pipeline_runs')?.live.rows).toBe(4);

    // The verdict is the code under test: the rows are read back from both sets independently of it.
    const shadow = shadowSet('same').dataset;
    let rows = 0;
    for (const table of service.ctx.projections.tables) {
      const [live, rebuilt] = await Promise.all([
        tableRows(LIVE_SET.dataset, table.name),
        tableRows(shadow, table.name),
      ]);
      expect({ table: table.name, rows: rebuilt }).toEqual({ table: table.name, rows: live });
      rows += live.length;
    }
    // Not vacuous: the live tables hold the runs, their steps, the profiles and the event log.
    expect(rows).toBeGreaterThan(20);
  });
});

describe('given a tampered live row', () => {
  beforeAll(async () => {
    await rowsOf("UPDATE `tenants.tenant_profiles` SET company_name = 'tampered' WHERE tenant_id = 'replay_alpha'");
  });
  // The other describes see the live system untampered even if promotion below fails.
  afterAll(async () => {
    await rowsOf("UPDATE `tenants.tenant_profiles` SET company_name = 'replay_alpha' WHERE tenant_id = 'replay_alpha'");
  });

  it('names a live row that differs from the rebuild, and promoting puts the rebuilt rows back', async () => {
    const verified = await runReplay(replayDependenciesOf(service.ctx), {
      replayId: 'tampered',
      verify: true,
      promote: false,
      requestedBy: 'test',
    });
    const profiles = verified.verify?.tables.find((table) => table.table === 'tenant_profiles');
    expect(verified.verify?.equal).toBe(false);
    expect(profiles?.equal).toBe(false);
    expect(profiles?.onlyLive.join('\n')).toContain('tampered');
    expect(profiles?.onlyShadow.join('\n')).toContain('replay_alpha');
    // Before promotion the two sets really differ in that row, and only there.
    const companyOf = (dataset: string) =>
      rowsOf(`SELECT tenant_id, company_name FROM \`${dataset}.tenant_profiles\` ORDER BY tenant_id`);
    expect(await companyOf(LIVE_SET.dataset)).toEqual([
      { tenant_id: 'replay_alpha', company_name: 'tampered' },
      { tenant_id: 'replay_beta', company_name: 'replay_beta' },
    ]);
    expect(await companyOf(shadowSet('tampered').dataset)).toEqual([
      { tenant_id: 'replay_alpha', company_name: 'replay_alpha' },
      { tenant_id: 'replay_beta', company_name: 'replay_beta' },
    ]);

    const promoted = await runReplay(replayDependenciesOf(service.ctx), {
      replayId: 'tampered',
      verify: false,
      promote: true,
      requestedBy: 'test',
    });
    expect(promoted.status).toBe('promoted');
    expect(await rowsOf("SELECT company_name FROM `tenants.tenant_profiles` WHERE tenant_id = 'replay_alpha'")).toEqual(
      [{ company_name: 'replay_alpha' }],
    );
    for (const table of service.ctx.projections.tables) {
      const [live, shadow] = await Promise.all([
        service.ctx.warehouse.checksumTable({ dataset: LIVE_SET.dataset, table: table.name }),
        service.ctx.warehouse.checksumTable({ dataset: shadowSet('tampered').dataset, table: table.name }),
      ]);
      expect({ table: table.name, ...live }).toEqual({ table: table.name, ...shadow });
    }
    // The live projector carries on from the promoted checkpoints: nothing left, nothing failing.
    expect((await service.ctx.projections.live.catchUpAll()).every((outcome) => outcome.status === 'done')).toBe(true);
    const [view] = await rowsOf('SELECT COUNT(*) AS n FROM `replay_alpha.tenant_comprehensive_view`');
    expect(Number(view?.n)).toBeGreaterThan(0);
  });
});

describe('replay over HTTP', () => {
  // A replay that finished before: the listing must show it next to the one started over HTTP.
  beforeAll(async () => {
    const earlier = await runReplay(replayDependenciesOf(service.ctx), {
      replayId: 'earlier',
      verify: true,
      promote: false,
      requestedBy: 'test',
    });
    expect(earlier.status).toBe('succeeded');
  });

  it('starts in the background (202), reports progress and the outcome, refuses a running id', async () => {
    const started = await request(service.app)
      .post('/api/v1/admin/replay')
      .set(admin(service))
      .send({ replay_id: 'http', verify: true });
    expect(started.status).toBe(202);
    expect(started.body).toEqual({ replay_id: 'http', status: 'running', status_url: '/api/v1/admin/replay/http' });
    const again = await request(service.app)
      .post('/api/v1/admin/replay')
      .set(admin(service))
      .send({ replay_id: 'http' });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('REPLAY_RUNNING');
    const finished = await service.ctx.projections.replays.wait('http');
    expect(finished?.status).toBe('succeeded');
    const report = await request(service.app).get('/api/v1/admin/replay/http').set(admin(service));
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      replay_id: 'http',
      status: 'succeeded',
      dataset: 'tenants__replay_http',
      eta_seconds: 0,
      verify: { equal: true },
    });
    expect(report.body.projected_events).toBe(report.body.total_events);
    const listed = await request(service.app).get('/api/v1/admin/replay').set(admin(service));
    expect(listed.body.replays.map((r: { replay_id: string }) => r.replay_id)).toEqual(
      expect.arrayContaining(['http', 'earlier']),
    );
  });

  it('answers 400 for a bad id or body, 404 for an unknown replay, 401 without the admin key', async () => {
    expect(
      (await request(service.app).post('/api/v1/admin/replay').set(admin(service)).send({ replay_id: '../etc' }))
        .status,
    ).toBe(400);
    expect(
      (await request(service.app).post('/api/v1/admin/replay').set(admin(service)).send({ verify: 'yes' })).status,
    ).toBe(400);
    expect((await request(service.app).get('/api/v1/admin/replay/nope').set(admin(service))).status).toBe(404);
    expect((await request(service.app).post('/api/v1/admin/replay').send({})).status).toBe(401);
  });
});
