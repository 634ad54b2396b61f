import { scheduledRunId } from '../../src/domain/run/ids';
import type { IndexedSchedule } from '../../src/app/read-models/schedule-index';
import { openRunToCheck, planFire, type FireInput } from '../../src/app/scheduling/plan-fire';

/** The trigger's pure decision for one fire time: no I/O. */
const schedule = (overlapPolicy: IndexedSchedule['overlapPolicy']): IndexedSchedule => ({
  tenantId: 'acme',
  configId: 'daily',
  provider: 'gcp',
  domain: 'billing',
  template: 'cost_billing',
  cron: '*/15 * * * *',
  timezone: 'UTC',
  priority: 5,
  catchupWindowMinutes: 60,
  overlapPolicy,
  parameters: { table: 'export' },
  active: true,
  nextRunAt: '2026-12-07T10:00:00.000Z',
  path: 'schedule_index/acme__daily',
});
const fire = new Date('2026-12-07T10:00:00.000Z');
const tick = new Date('2026-12-07T10:05:00.000Z');
const now = '2026-12-07T10:05:01.000Z';
const runId = scheduledRunId('acme', 'daily', fire);
const origin = {
  runId,
  tenantId: 'acme',
  configId: 'daily',
  pipeline: { provider: 'gcp', domain: 'billing', template: 'cost_billing' },
};
const input = (policy: IndexedSchedule['overlapPolicy'], open: FireInput['open'], at = tick): FireInput => ({
  schedule: schedule(policy),
  fire,
  tick: at,
  now,
  facts: { pipelineId: 'cost_billing_v1', maxAttempts: 3 },
  open,
});

describe('planFire', () => {
  describe('given no open run', () => {
    it('requests the run with exactly the fields RunRequested declares', () => {
      expect(planFire(input('skip', undefined))).toEqual({
        kind: 'requested',
        runId,
        request: {
          ...origin,
          pipelineId: 'cost_billing_v1',
          trigger: 'schedule',
          scheduledTime: fire.toISOString(),
          date: null,
          parameters: { table: 'export' },
          priority: 5,
          overlapPolicy: 'skip',
          maxAttempts: 3,
          requestedAt: now,
        },
      });
    });

    it('records a fire older than the catch-up window as missed', () => {
      const late = new Date('2026-12-07T11:00:01.000Z');
      expect(planFire(input('skip', undefined, late))).toEqual({
        kind: 'missed',
        runId,
        command: {
          type: 'RecordMissed',
          data: { ...origin, fireTime: fire.toISOString(), catchupWindowMinutes: 60, recordedAt: now },
        },
      });
    });
  });

  describe('given an open run', () => {
    const queued = { runId: 'run-before', status: 'queued' as const };
    const running = { runId: 'run-before', status: 'running' as const };
    const skipped = {
      kind: 'skipped',
      runId,
      command: {
        type: 'RecordSkipped',
        data: { ...origin, fireTime: fire.toISOString(), blockingRunId: 'run-before', recordedAt: now },
      },
    };

    it('skip: any open run blocks the fire', () => {
      expect(planFire(input('skip', running))).toEqual(skipped);
    });

    it('buffer_one: a run not yet running blocks the fire', () => {
      expect(planFire(input('buffer_one', queued))).toEqual(skipped);
    });

    it('buffer_one: a running run lets one fire through', () => {
      expect(planFire(input('buffer_one', running))).toMatchObject({ kind: 'requested', runId });
    });

    it('cancel_other: requests the run and cancels the open one', () => {
      expect(planFire(input('cancel_other', queued))).toMatchObject({
        kind: 'requested',
        cancels: { runId: 'run-before', reason: `replaced by ${runId} (overlap policy cancel_other)` },
      });
    });
  });
});

describe('openRunToCheck', () => {
  it('names the last requested run of a policy that can be blocked', () => {
    expect(openRunToCheck(schedule('skip'), fire, tick, 'run-before')).toBe('run-before');
  });

  it('checks nothing for allow, for a missed fire, or when the last request is this fire (a repeated tick)', () => {
    expect(openRunToCheck(schedule('allow'), fire, tick, 'run-before')).toBeUndefined();
    expect(openRunToCheck(schedule('skip'), fire, new Date('2026-12-07T12:00:00Z'), 'run-before')).toBeUndefined();
    expect(openRunToCheck(schedule('skip'), fire, tick, runId)).toBeUndefined();
  });
});
