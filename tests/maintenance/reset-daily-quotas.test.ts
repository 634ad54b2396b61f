import type { Express } from 'express';
import request from 'supertest';
import { usageDailyPath, usageMonthlyPath } from '../../src/app/read-models';
import { usageStreamId, type UsageEvent } from '../../src/domain/usage/events';
import { clearTestDatabase } from '../support/firestore';
import { startTestService, type TestService } from '../support/service';
import { bootstrapAndOnboard, deliver } from '../runs/support';
import { maintenanceApp, resetDailyQuotasCall } from './support/maintenance-app';
import { manualRun } from './support/runs';
import { countPipeline, CountingSteps } from './support/step-kinds';

const counting = new CountingSteps();
let service: TestService;
let app: Express;

beforeAll(async () => {
  service = await startTestService({
    extraPipelines: { 'test/usage/count.yml': countPipeline('count') },
    extraStepKinds: [counting.kind],
  });
  app = maintenanceApp(service);
});
afterAll(async () => {
  await service?.stop();
});

async function runAt(tenantId: string, now: string): Promise<void> {
  service.setNow(new Date(now));
  const task = await manualRun(service, tenantId, 'test/usage/count');
  expect((await deliver(service, task)).body).toMatchObject({ status: 'succeeded', executed: true });
}

async function closes(tenantId: string, month: string): Promise<UsageEvent['data'][]> {
  return ((await service.ctx.store.readStream(usageStreamId(tenantId, month))).events as unknown as UsageEvent[]).map(
    (e) => e.data,
  );
}

/**
 * Every tenant in the directory is closed by a call, so each describe starts from an empty database with its
 * own two tenants: utc_co (STARTER, UTC) and west_co (PROFESSIONAL, Los Angeles).
 */
async function givenTwoTenants(): Promise<void> {
  await clearTestDatabase();
  service.setNow(new Date('2026-03-01T09:00:00Z'));
  await bootstrapAndOnboard(service, [
    { tenantId: 'utc_co', plan: 'STARTER' },
    { tenantId: 'west_co', plan: 'PROFESSIONAL', timezone: 'America/Los_Angeles' },
  ]);
}

/** The two tenants with runs on 1, 9 and 10 March (UTC) and none of their days closed. */
async function givenRunsThroughTheTenth(): Promise<void> {
  await givenTwoTenants();
  await runAt('utc_co', '2026-03-01T10:00:00Z');
  await runAt('utc_co', '2026-03-09T10:00:00Z');
  await runAt('utc_co', '2026-03-09T11:00:00Z');
  // 23:00 on 8 March in Los Angeles (PDT since that morning).
  await runAt('west_co', '2026-03-09T06:00:00Z');
  // Already today (10 March) for utc_co: in the month's counter, but not in the closed day's month to date.
  await runAt('utc_co', '2026-03-10T00:20:00Z');
}

/** The tick of 10 March, answered at 00:30. */
async function closeAtTheTenth() {
  service.setNow(new Date('2026-03-10T00:30:00Z'));
  return resetDailyQuotasCall(app, service, '2026-03-10T00:00:00Z');
}

describe('given runs on 1, 9 and 10 March and no day closed', () => {
  beforeAll(givenRunsThroughTheTenth);

  it('closes each tenant’s yesterday in its own timezone, with the month to date through that day only', async () => {
    expect((await service.ctx.db.doc(usageMonthlyPath('utc_co', '2026-03')).get()).get('runs')).toBe(4);

    const res = await closeAtTheTenth();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      date: '2026-03-09',
      tick: '2026-03-10T00:00:00.000Z',
      tenants_closed: 2,
      already_closed: 0,
      skipped: 0,
      failures: [],
    });
    expect(await closes('utc_co', '2026-03')).toEqual([
      {
        tenantId: 'utc_co',
        day: '2026-03-09',
        runs: 2,
        succeeded: 2,
        failed: 0,
        monthToDate: 3,
        limits: { dailyRuns: 6, monthlyRuns: 180, concurrentRuns: 1 },
        closedAt: '2026-03-10T00:30:00.000Z',
      },
    ]);
    // At the tick it is 17:00 on 9 March in Los Angeles: its yesterday is the 8th.
    expect(await closes('west_co', '2026-03')).toEqual([
      {
        tenantId: 'west_co',
        day: '2026-03-08',
        runs: 1,
        succeeded: 1,
        failed: 0,
        monthToDate: 1,
        limits: { dailyRuns: 25, monthlyRuns: 750, concurrentRuns: 3 },
        closedAt: '2026-03-10T00:30:00.000Z',
      },
    ]);
    // Nothing was zeroed: the counters are per-day documents.
    expect((await service.ctx.db.doc(usageDailyPath('utc_co', '2026-03-09')).get()).get('runs')).toBe(2);
  });
});

describe('given 9 March closed (the tick of 10 March answered)', () => {
  beforeAll(async () => {
    await givenRunsThroughTheTenth();
    expect((await closeAtTheTenth()).body).toMatchObject({ date: '2026-03-09', tenants_closed: 2, already_closed: 0 });
  });

  it('the same tick again (a Cloud Scheduler retry) closes nothing twice', async () => {
    service.setNow(new Date('2026-03-10T00:31:00Z'));
    const res = await resetDailyQuotasCall(app, service, '2026-03-10T00:00:00Z');
    expect(res.body).toMatchObject({ date: '2026-03-09', tenants_closed: 0, already_closed: 2 });
    expect(await closes('utc_co', '2026-03')).toHaveLength(1);
    expect(await closes('west_co', '2026-03')).toHaveLength(1);
  });
});

describe('given 9 March closed, at the next day’s tick', () => {
  beforeAll(async () => {
    await givenRunsThroughTheTenth();
    expect((await closeAtTheTenth()).body).toMatchObject({ date: '2026-03-09', tenants_closed: 2, already_closed: 0 });
  });

  it('concurrent calls for the next day close each tenant’s day once', async () => {
    service.setNow(new Date('2026-03-11T00:00:05Z'));
    const answers = (
      await Promise.all([
        resetDailyQuotasCall(app, service, '2026-03-11T00:00:00Z'),
        resetDailyQuotasCall(app, service, '2026-03-11T00:00:00Z'),
      ])
    ).map((r) => r.body);
    expect(answers.map((a) => a.date)).toEqual(['2026-03-10', '2026-03-10']);
    expect(answers.reduce((sum, a) => sum + a.tenants_closed, 0)).toBe(2);
    expect(answers.reduce((sum, a) => sum + a.already_closed, 0)).toBe(2);
    expect((await closes('utc_co', '2026-03')).map((c) => [c.day, c.runs, c.monthToDate])).toEqual([
      ['2026-03-09', 2, 3],
      ['2026-03-10', 1, 4],
    ]);
    expect((await closes('west_co', '2026-03')).map((c) => [c.day, c.runs, c.monthToDate])).toEqual([
      ['2026-03-08', 1, 1],
      ['2026-03-09', 0, 1],
    ]);
  });
});

describe('given two tenants and no day closed', () => {
  beforeAll(givenTwoTenants);

  it('without a schedule time the tick is now, and the call needs service auth', async () => {
    service.setNow(new Date('2026-03-12T00:10:00Z'));
    const res = await resetDailyQuotasCall(app, service);
    expect(res.body).toMatchObject({ date: '2026-03-11', tick: '2026-03-12T00:10:00.000Z', tenants_closed: 2 });
    const anonymous = await request(app).post('/api/v1/scheduler/reset-daily-quotas').send({});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe('UNAUTHORIZED');
  });
});
