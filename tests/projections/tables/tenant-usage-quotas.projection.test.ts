import { tenantUsageQuotasProjection as usage } from '../../../src/projections/tables/tenant-usage-quotas.projection';
import { useProjectedWarehouse } from './support/local-projection';
import { LIMITS, onboarded, requested, runStream, streamBuilder, tenantStream } from './support/recorded-events';

// Derived from projected runs, deferrals, closes and plan periods, on the local BigQuery endpoint. The tenant is
// in Paris (UTC+1 in early March): a rejection at 23:30 UTC on the 2nd belongs to the 3rd.
const started = (day: string, at: string) => ({
  attempt: 1,
  workerId: 'w',
  resumed: false,
  usageDay: day,
  usageMonth: day.slice(0, 7),
  startedAt: at,
});

function manualRun(id: string, at: string) {
  const r = runStream(`acme--manual--${id}`, 'acme', at);
  r.add('RunRequested', requested(`acme--manual--${id}`, 'acme', { trigger: 'manual', configId: null, at }));
  return r;
}

function world() {
  const tenant = tenantStream('acme', '2026-03-02T09:00:00.000Z');
  tenant.add('TenantOnboarded', onboarded('acme'));
  tenant.add(
    'PlanChanged',
    { from: 'STARTER', to: 'PROFESSIONAL', limits: LIMITS.PROFESSIONAL, changedAt: '2026-03-03T12:00:00.000Z' },
    { at: '2026-03-03T12:00:00.000Z' },
  );

  const r1 = manualRun('r1', '2026-03-02T10:00:00.000Z');
  r1.add('RunStarted', started('2026-03-02', '2026-03-02T10:00:01.000Z'));
  r1.add(
    'RunSucceeded',
    { attempt: 1, durationMs: 1, finishedAt: '2026-03-02T10:30:00.000Z' },
    { at: '2026-03-02T10:30:00.000Z' },
  );
  const r2 = manualRun('r2', '2026-03-02T10:15:00.000Z');
  r2.add('RunStarted', started('2026-03-02', '2026-03-02T10:15:01.000Z'));
  r2.add(
    'RunFailed',
    { attempt: 1, code: 'X', message: 'boom', durationMs: 1, finishedAt: '2026-03-02T10:45:00.000Z' },
    { at: '2026-03-02T10:45:00.000Z' },
  );
  const r3 = manualRun('r3', '2026-03-02T11:00:00.000Z');
  r3.add('RunStarted', started('2026-03-02', '2026-03-02T11:00:01.000Z'));
  r3.add(
    'RunTimedOut',
    { attempt: 1, message: 'timeout', finishedAt: '2026-03-02T12:00:00.000Z' },
    { at: '2026-03-02T12:00:00.000Z' },
  );
  const r4 = manualRun('r4', '2026-03-02T23:30:00.000Z');
  r4.add('RunRejected', {
    code: 'DAILY_QUOTA_EXCEEDED',
    message: 'Daily limit of 6 runs reached (2026-03-03)',
    rejectedAt: '2026-03-02T23:30:00.000Z',
  });
  const r5 = manualRun('r5', '2026-03-02T23:00:00.000Z');
  r5.add('RunDeferred', {
    running: 1,
    limit: 1,
    retryAt: '2026-03-02T23:20:00.000Z',
    deferrals: 1,
    deferredAt: '2026-03-02T23:10:00.000Z',
  });
  r5.add('RunStarted', started('2026-03-03', '2026-03-03T08:00:00.000Z'), { at: '2026-03-03T08:00:00.000Z' });
  r5.add(
    'RunCancelled',
    { reason: 'stop', cancelledAt: '2026-03-03T08:10:00.000Z' },
    { at: '2026-03-03T08:10:00.000Z' },
  );

  const closes = streamBuilder('usage-acme-2026-03', 'acme', '2026-03-02T23:05:00.000Z');
  closes.add('UsageDayClosed', {
    tenantId: 'acme',
    day: '2026-03-02',
    runs: 3,
    succeeded: 1,
    failed: 2,
    monthToDate: 3,
    limits: LIMITS.STARTER,
    closedAt: '2026-03-02T23:05:00.000Z',
  });
  return { tenant, runs: [r1, r2, r3, r4, r5], closes };
}

describe('tenant_usage_quotas projection (derived)', () => {
  // Every describe below projects into a warehouse of its own, so no test sees another's rows.
  const key = (day: string) => ({ tenantId: 'acme', key: day });

  describe('touches', () => {
    const w = world();
    it('a first start touches its usage day and the rest of the month; later events of the run its day', () => {
      const [r1] = w.runs;
      const days = usage.touches(r1!.events[1]!, r1!.events.slice(0, 2)).map((k) => k.key);
      expect(days[0]).toBe('2026-03-02');
      expect(days.at(-1)).toBe('2026-03-31');
      expect(days).toHaveLength(30);
      expect(usage.touches(r1!.events[2]!, r1!.events)).toEqual([key('2026-03-02')]);
      expect(usage.touches(r1!.events[0]!, r1!.events.slice(0, 1))).toEqual([]);
    });

    it('a rejection or a deferral touches the days around its UTC time; a close its day; a plan change the days around it', () => {
      expect(usage.touches(w.runs[3]!.events[1]!, w.runs[3]!.events).map((k) => k.key)).toEqual([
        '2026-03-01',
        '2026-03-02',
        '2026-03-03',
      ]);
      expect(usage.touches(w.runs[4]!.events[1]!, w.runs[4]!.events.slice(0, 2)).map((k) => k.key)).toEqual([
        '2026-03-01',
        '2026-03-02',
        '2026-03-03',
      ]);
      expect(usage.touches(w.closes.events[0]!, w.closes.events)).toEqual([key('2026-03-02')]);
      expect(usage.touches(w.tenant.events[1]!, w.tenant.events).map((k) => k.key)).toEqual([
        '2026-03-02',
        '2026-03-03',
        '2026-03-04',
      ]);
      expect(usage.touches(w.tenant.events[0]!, w.tenant.events.slice(0, 1))).toEqual([]);
    });
  });

  describe('on a warehouse holding the month so far', () => {
    const local = useProjectedWarehouse('usage_test');

    it("counts each usage day in the tenant's timezone, with the plan in force, the month to date and the peak", async () => {
      const w = world();
      await local().project(w.tenant.events, w.closes.events, ...w.runs.map((r) => r.events));
      const rows = await local().derive(usage, [key('2026-03-02'), key('2026-03-03'), key('2026-03-04')]);
      expect(rows).toHaveLength(2); // nothing happened on the 4th: no row
      const byDay = new Map(rows.map((row) => [row.usage_date, row]));
      expect(byDay.get('2026-03-02')).toEqual({
        tenant_id: 'acme',
        usage_date: '2026-03-02',
        plan: 'STARTER',
        runs_started: 3,
        runs_succeeded: 1,
        runs_failed: 2,
        runs_cancelled: 0,
        runs_rejected: 0,
        runs_deferred: 0,
        month_to_date_runs: 3,
        concurrency_peak: 2,
        daily_run_limit: 6,
        monthly_run_limit: 180,
        concurrent_run_limit: 1,
        day_closed: true,
        closed_at: expect.stringMatching(/^2026-03-02T23:05:00/),
        // runs r1 + r2 + r3 (3 each) + the close + 3 month-to-date + 1 plan period
        source_revision: 9 + 1 + 3 + 1,
        source_stream_id: 'usage-acme-2026-03',
        source_event_id: 'usage-acme-2026-03#1',
        updated_at: expect.stringMatching(/^2026-03-02T23:05:00/),
      });
      expect(byDay.get('2026-03-03')).toMatchObject({
        plan: 'PROFESSIONAL',
        runs_started: 1,
        runs_cancelled: 1,
        runs_rejected: 1,
        runs_deferred: 1,
        month_to_date_runs: 4,
        concurrency_peak: 1,
        daily_run_limit: 25,
        day_closed: false,
        closed_at: null,
        // r5 (4) + r4 (2) + 1 deferral + 4 month-to-date + 2 plan periods
        source_revision: 4 + 2 + 1 + 4 + 2,
        source_stream_id: 'run-acme--manual--r5',
        source_event_id: 'run-acme--manual--r5#4',
      });
      expect(await local().rows('tenant_usage_quotas', 'usage_date')).toHaveLength(2);
    });
  });

  describe('on a warehouse holding the month so far, then a late start on the 2nd', () => {
    const local = useProjectedWarehouse('usage_test');
    beforeAll(async () => {
      const w = world();
      await local().project(w.tenant.events, w.closes.events, ...w.runs.map((r) => r.events));
    });

    it("a late start earlier in the month raises the later days' month to date and version; recomputing is stable", async () => {
      const w = world();
      const before = await local().derive(usage, [key('2026-03-03')]);
      expect(before).toEqual([expect.objectContaining({ usage_date: '2026-03-03', month_to_date_runs: 4 })]);
      const late = manualRun('r6', '2026-03-02T20:00:00.000Z');
      late.add('RunStarted', started('2026-03-02', '2026-03-02T20:00:01.000Z'));
      await local().project(w.tenant.events, late.events);
      const keys = usage.touches(late.events[1]!, late.events);
      expect(keys).toContainEqual(key('2026-03-03'));
      const after = await local().derive(usage, keys);
      const third = after.find((row) => row.usage_date === '2026-03-03');
      expect(third?.month_to_date_runs).toBe(Number(before[0]?.month_to_date_runs) + 1);
      expect(Number(third?.source_revision)).toBeGreaterThan(Number(before[0]?.source_revision));
      expect(after.find((row) => row.usage_date === '2026-03-02')).toMatchObject({
        runs_started: 4,
        concurrency_peak: 2,
      });
      expect(await local().derive(usage, keys)).toEqual(after);
    });
  });
});
