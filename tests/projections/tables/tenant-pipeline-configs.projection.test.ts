import { tenantPipelineConfigsProjection as configs } from '../../../src/projections/tables/tenant-pipeline-configs.projection';
import { useProjectedWarehouse } from './support/local-projection';
import { onboarded, requested, runStream, tenantStream } from './support/recorded-events';

// Derived from projected state: the tenant's schedule events (tenant_event_log) and the schedule's fire times and
// runs, computed on the local BigQuery endpoint from rows the real stream projections wrote.
const spec = {
  configId: 'daily_cost',
  provider: 'gcp',
  domain: 'cost',
  template: 'cost_billing',
  cron: '0 6 * * *',
  timezone: 'Europe/Paris',
  priority: 7,
  catchupWindowMinutes: 120,
  overlapPolicy: 'skip',
  parameters: { billing_account_ids: ['0A0A0A-0B0B0B-0C0C0C'] },
  active: true,
} as const;
const key = { tenantId: 'acme', key: 'daily_cost' };

function tenantWithSchedule() {
  const t = tenantStream('acme', '2026-03-02T09:00:00.000Z');
  t.add('TenantOnboarded', onboarded('acme'));
  t.add('TenantProvisioned', { dataset: 'acme', objects: [], provisionedAt: '2026-03-02T09:00:01.000Z' });
  t.add('ScheduleCreated', { schedule: spec, createdAt: '2026-03-02T09:30:00.000Z' });
  return t;
}

function scheduledRun(fire: string, runId: string) {
  const r = runStream(runId, 'acme', fire);
  r.add('RunRequested', requested(runId, 'acme', { at: fire, fireTime: fire }), { actor: 'scheduler' });
  return r;
}

describe('tenant_pipeline_configs projection (derived)', () => {
  // Every describe below projects into a warehouse of its own, so no test sees another's rows.

  describe('touches', () => {
    const t = tenantWithSchedule();
    it('a schedule event touches its schedule; onboarding touches none', () => {
      expect(configs.touches(t.events[2]!, t.events.slice(0, 3))).toEqual([key]);
      expect(configs.touches(t.events[0]!, t.events.slice(0, 1))).toEqual([]);
    });

    it('a lifecycle change touches every schedule the tenant has, not a deleted one', () => {
      const u = tenantWithSchedule();
      u.add('ScheduleCreated', { schedule: { ...spec, configId: 'other' }, createdAt: '2026-03-02T09:40:00.000Z' });
      u.add('ScheduleDeleted', { configId: 'other', deletedAt: '2026-03-02T09:50:00.000Z' });
      const suspended = u.add('TenantSuspended', { reason: 'x', suspendedAt: '2026-03-02T10:00:00.000Z' });
      expect(configs.touches(suspended, u.events)).toEqual([key]);
    });

    it('every event of a scheduled run (or missed or skipped fire time) touches its schedule; manual runs none', () => {
      const r = scheduledRun('2026-03-03T05:00:00.000Z', 'acme--daily_cost--20260303T0500Z');
      const queued = r.add('RunQueued', {
        taskName: 'x-g1',
        generation: 1,
        notBefore: null,
        queuedAt: '2026-03-03T05:00:00.000Z',
      });
      expect(configs.touches(queued, r.events)).toEqual([key]);
      const m = runStream('acme--manual--m', 'acme');
      const manual = m.add(
        'RunRequested',
        requested('acme--manual--m', 'acme', { trigger: 'manual', configId: 'daily_cost' }),
      );
      expect(configs.touches(manual, m.events)).toEqual([]);
    });
  });

  describe('on a warehouse holding one new schedule', () => {
    const local = useProjectedWarehouse('configs_test');

    it('given a new schedule: its settings, the next fire time after its creation, no run yet', async () => {
      const t = tenantWithSchedule();
      await local().project(t.events);
      const [row] = await local().derive(configs, [key]);
      expect(row).toEqual({
        tenant_id: 'acme',
        schedule_id: 'daily_cost',
        pipeline_id: 'gcp/cost/cost_billing',
        cron: '0 6 * * *',
        timezone: 'Europe/Paris',
        active: true,
        priority: 7,
        overlap_policy: 'skip',
        catch_up_window_minutes: 120,
        parameters: { billing_account_ids: ['0A0A0A-0B0B0B-0C0C0C'] },
        // 06:00 in Paris (UTC+1 in early March) after the creation on the 2nd.
        next_run_at: '2026-03-03T05:00:00.000Z',
        last_fire_at: null,
        last_run_at: null,
        last_run_id: null,
        last_run_status: null,
        created_at: '2026-03-02T09:30:00.000Z',
        deleted_at: null,
        source_revision: 3,
        source_stream_id: 'tenant-acme',
        source_event_id: 'tenant-acme#3',
        updated_at: expect.stringMatching(/^2026-03-02T09:00:02/),
      });
    });
  });

  describe('on a warehouse holding a schedule and its fire times', () => {
    const local = useProjectedWarehouse('configs_test');

    it('fire times move next_run_at on; the last requested run and its status come from its run', async () => {
      const t = tenantWithSchedule();
      const a = scheduledRun('2026-03-03T05:00:00.000Z', 'acme--daily_cost--20260303T0500Z');
      a.add('RunQueued', { taskName: 'a-g1', generation: 1, notBefore: null, queuedAt: '2026-03-03T05:00:00.000Z' });
      a.add('RunStarted', {
        attempt: 1,
        workerId: 'w',
        resumed: false,
        usageDay: '2026-03-03',
        usageMonth: '2026-03',
        startedAt: '2026-03-03T05:00:02.000Z',
      });
      const skipped = runStream('acme--daily_cost--20260304T0500Z', 'acme', '2026-03-04T05:00:00.000Z');
      skipped.add('RunSkipped', {
        runId: 'acme--daily_cost--20260304T0500Z',
        tenantId: 'acme',
        configId: 'daily_cost',
        pipeline: { provider: 'gcp', domain: 'cost', template: 'cost_billing' },
        fireTime: '2026-03-04T05:00:00.000Z',
        blockingRunId: 'acme--daily_cost--20260303T0500Z',
        recordedAt: '2026-03-04T05:00:00.000Z',
      });
      await local().project(t.events, a.events, skipped.events);
      const [running] = await local().derive(configs, [key]);
      expect(running).toMatchObject({
        next_run_at: '2026-03-05T05:00:00.000Z',
        last_fire_at: '2026-03-04T05:00:00.000Z',
        last_run_at: '2026-03-03T05:00:00.000Z',
        last_run_id: 'acme--daily_cost--20260303T0500Z',
        last_run_status: 'RUNNING',
        // the schedule event (3) + the run's row (3) + the skipped fire time's row (1)
        source_revision: 7,
        source_stream_id: 'run-acme--daily_cost--20260304T0500Z',
      });

      // Committed after the skipped fire time: now the run's success is the latest event folded into the row.
      a.add(
        'RunSucceeded',
        { attempt: 1, durationMs: 1000, finishedAt: '2026-03-04T06:00:00.000Z' },
        { at: '2026-03-04T06:00:00.000Z' },
      );
      await local().project(a.events);
      const [finished] = await local().derive(configs, [key]);
      expect(finished).toMatchObject({
        last_run_status: 'SUCCEEDED',
        source_revision: 8,
        source_stream_id: 'run-acme--daily_cost--20260303T0500Z',
        source_event_id: 'run-acme--daily_cost--20260303T0500Z#4',
      });
      expect(await local().rows('tenant_pipeline_configs', 'schedule_id')).toEqual([
        expect.objectContaining({ last_run_status: 'SUCCEEDED', source_revision: 8 }),
      ]);
    });
  });

  describe('on a warehouse holding a schedule of a tenant that is suspended, reactivated, then deletes it', () => {
    const local = useProjectedWarehouse('configs_test');

    it("a suspended tenant's schedule does not fire; reactivated, it fires again after the reactivation; deleted, it is inactive", async () => {
      const t = tenantWithSchedule();
      t.add(
        'TenantSuspended',
        { reason: 'unpaid', suspendedAt: '2026-03-10T00:00:00.000Z' },
        { at: '2026-03-10T00:00:00.000Z' },
      );
      await local().project(t.events);
      const [suspended] = await local().derive(configs, [key]);
      expect(suspended).toMatchObject({ active: true, next_run_at: null, source_revision: 4 });

      t.add('TenantReactivated', { reactivatedAt: '2026-03-12T07:00:00.000Z' }, { at: '2026-03-12T07:00:00.000Z' });
      await local().project(t.events);
      const [reactivated] = await local().derive(configs, [key]);
      expect(reactivated).toMatchObject({
        next_run_at: '2026-03-13T05:00:00.000Z',
        source_revision: 5,
        source_event_id: 'tenant-acme#5',
      });

      t.add(
        'ScheduleDeleted',
        { configId: 'daily_cost', deletedAt: '2026-03-14T00:00:00.000Z' },
        { at: '2026-03-14T00:00:00.000Z' },
      );
      await local().project(t.events);
      const [deleted] = await local().derive(configs, [key]);
      expect(deleted).toMatchObject({
        active: false,
        deleted_at: '2026-03-14T00:00:00.000Z',
        next_run_at: null,
        created_at: '2026-03-02T09:30:00.000Z',
        source_revision: 6,
        source_event_id: 'tenant-acme#6',
        updated_at: expect.stringMatching(/^2026-03-14T00:00:00/),
      });
    });
  });

  describe('on a warehouse holding a schedule with a run', () => {
    const local = useProjectedWarehouse('configs_test');
    beforeAll(async () => {
      const a = scheduledRun('2026-03-03T05:00:00.000Z', 'acme--daily_cost--20260303T0500Z');
      await local().project(tenantWithSchedule().events, a.events);
    });

    it('recomputing changes nothing (a function of the projected state); an unknown schedule has no row', async () => {
      const first = await local().derive(configs, [key]);
      expect(first).toEqual([expect.objectContaining({ schedule_id: 'daily_cost', last_run_status: 'REQUESTED' })]);
      expect(await local().derive(configs, [key])).toEqual(first);
      expect(await local().derive(configs, [{ tenantId: 'acme', key: 'never_created' }])).toEqual([]);
    });
  });
});
