import { pipelineOutcome, retryAt, startCommand, unrunnable } from '../../src/app/runs/execution-plan';
import type { GateSnapshot } from '../../src/app/runs/gate';
import { initialRunState } from '../../src/domain/run/state';

/** The execution's pure decisions: no I/O, no clock of their own. */
describe('execution plan', () => {
  const policy = { attempts: 3, backoff: { initial_seconds: 5, multiplier: 2, max_seconds: 300 } };
  const now = new Date('2026-12-07T10:00:00.000Z');
  const gate: GateSnapshot = {
    facts: {
      tenantStatus: 'ACTIVE',
      limits: { dailyRuns: 10, monthlyRuns: 100, concurrentRuns: 2 },
      runsToday: 0,
      runsThisMonth: 0,
      runningNow: 0,
      usageDay: '2026-12-07',
      usageMonth: '2026-12',
    },
    slots: { 'run-1': { workerId: 'other', expiresAt: now.getTime() + 60_000 } },
    slotsUpdateTime: undefined,
    nowMs: now.getTime(),
  };

  it('retries after the backoff while attempts remain, and not after the last', () => {
    expect(retryAt(policy, 1, now)).toBe('2026-12-07T10:00:05.000Z');
    expect(retryAt(policy, 2, now)).toBe('2026-12-07T10:00:10.000Z');
    expect(retryAt(policy, 3, now)).toBeNull();
  });

  it('ends a cancelled pipeline failed with CANCELLED and no retry, whatever the policy allows', () => {
    const result = { status: 'cancelled' as const, steps: [], notifications: [], error: { code: 'X', message: 'm' } };
    expect(pipelineOutcome(result, '2026-12-07T10:00:05.000Z')).toEqual({
      status: 'failed',
      code: 'CANCELLED',
      message: 'm',
      retryAt: null,
    });
  });

  it('keeps a timed-out pipeline timed out, with its retry', () => {
    const result = { status: 'timed_out' as const, steps: [], notifications: [] };
    expect(pipelineOutcome(result, '2026-12-07T10:00:05.000Z')).toEqual({
      status: 'timed_out',
      code: 'FAILED',
      message: 'the run ended timed_out',
      retryAt: '2026-12-07T10:00:05.000Z',
    });
  });

  it('never retries a run that cannot execute, and bounds its message', () => {
    expect(unrunnable('PIPELINE_INVALID', 'x'.repeat(2000))).toEqual({
      status: 'failed',
      code: 'PIPELINE_INVALID',
      message: 'x'.repeat(1000),
      retryAt: null,
    });
  });

  it("asks the gate to start with another worker's live slot named, deferring by the base delay first", () => {
    expect(startCommand(initialRunState, gate, 'run-1', 'me', 1_000)).toEqual({
      type: 'StartRun',
      data: {
        gate: gate.facts,
        workerId: 'me',
        leaseLive: true,
        deferUntil: '2026-12-07T10:00:01.000Z',
        now: now.toISOString(),
      },
    });
  });
});
