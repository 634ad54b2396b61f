import { scheduledRunId } from '../../src/domain/run/ids';
import { startTestService, type TestService } from '../support/service';
import { bootstrapAndOnboard, createSchedule } from '../runs/support';
import { runCliCaptured } from './support/run-cli-captured';

/** `convergence tick`, through its real entry point (the CLI program) on the test service's context. */
let service: TestService;
beforeAll(async () => {
  service = await startTestService();
  service.setNow(new Date('2026-11-27T05:30:00Z'));
});
afterAll(async () => {
  await service?.stop();
});

const actor = { actor: 'cli:operator', correlationId: 'cli-tick-test' };

// Each scenario has its own tenant with a daily schedule at its own hour, so no tick reaches another's schedule.
describe('given a tenant whose schedule is due at 06:00', () => {
  beforeAll(async () => {
    service.setNow(new Date('2026-11-27T05:30:00Z'));
    await bootstrapAndOnboard(service, [{ tenantId: 'tick_co', plan: 'PROFESSIONAL' }]);
    await createSchedule(service, 'tick_co', { config_id: 'daily', schedule_cron: '0 6 * * *', timezone: 'UTC' });
  });

  it('tick --at 06:00 requests and dispatches its run, reports it on stdout and exits 0', async () => {
    service.setNow(new Date('2026-11-27T06:00:05Z'));
    service.dispatcher.take();
    const run = await runCliCaptured(['tick', '--at', '2026-11-27T06:00:00Z'], service.ctx, actor);
    expect({ code: run.code, stderr: run.stderr, contextsOpened: run.contextsOpened }).toEqual({
      code: 0,
      stderr: '',
      contextsOpened: 1,
    });
    expect(run.stdout).toMatch(
      /^tick 2026-11-27T06:00:00\.000Z: 1 run\(s\) requested, 1 dispatched, 0 skipped, 0 missed \(1 tenant\(s\), \d+ ms\); next trigger \d{4}-\d\d-\d\dT\d\d:00:00\.000Z\n$/,
    );
    // The next trigger printed is the service's (other scenarios' schedules too); this schedule's own is tomorrow.
    expect((await service.ctx.db.doc('schedule_index/tick_co__daily').get()).get('nextRunAt')).toBe(
      '2026-11-28T06:00:00.000Z',
    );
    const runId = scheduledRunId('tick_co', 'daily', new Date('2026-11-27T06:00:00Z'));
    expect(service.dispatcher.take().map((task) => task.runId)).toEqual([runId]);
  });
});

describe('given a tenant whose schedule is due at 07:00', () => {
  beforeAll(async () => {
    service.setNow(new Date('2026-11-27T06:30:00Z'));
    await bootstrapAndOnboard(service, [{ tenantId: 'tick_again', plan: 'PROFESSIONAL' }]);
    await createSchedule(service, 'tick_again', { config_id: 'daily', schedule_cron: '0 7 * * *', timezone: 'UTC' });
  });

  it('the same tick twice requests its run once; the second exits 0 having requested nothing', async () => {
    service.setNow(new Date('2026-11-27T07:00:05Z'));
    service.dispatcher.take();
    const first = await runCliCaptured(['tick', '--at', '2026-11-27T07:00:00Z'], service.ctx, actor);
    expect(first.stdout).toMatch(/: 1 run\(s\) requested, 1 dispatched, /);
    const again = await runCliCaptured(['tick', '--at', '2026-11-27T07:00:00Z'], service.ctx, actor);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/: 0 run\(s\) requested, 0 dispatched, 0 skipped, 0 missed \(0 tenant\(s\), /);
    const runId = scheduledRunId('tick_again', 'daily', new Date('2026-11-27T07:00:00Z'));
    expect(service.dispatcher.take().map((task) => task.runId)).toEqual([runId]);
  });
});

describe('given a damaged schedule index entry', () => {
  it('names the schedule that failed on stderr and exits 1, the others still triggered', async () => {
    service.setNow(new Date('2026-11-27T08:55:00Z'));
    await bootstrapAndOnboard(service, [{ tenantId: 'tick_bad', plan: 'PROFESSIONAL' }]);
    await createSchedule(service, 'tick_bad', { config_id: 'broken', schedule_cron: '0 9 * * *', timezone: 'UTC' });
    await createSchedule(service, 'tick_bad', { config_id: 'sound', schedule_cron: '0 9 * * *', timezone: 'UTC' });
    await service.ctx.db.doc('schedule_index/tick_bad__broken').update({ priority: 'high' });
    service.setNow(new Date('2026-11-27T09:00:05Z'));
    service.dispatcher.take();
    const run = await runCliCaptured(['tick', '--at', '2026-11-27T09:00:00Z'], service.ctx, actor);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('failed: tick_bad/broken (MALFORMED_READ_MODEL); tick again to retry it\n');
    const sound = scheduledRunId('tick_bad', 'sound', new Date('2026-11-27T09:00:00Z'));
    expect(service.dispatcher.take().map((task) => task.runId)).toEqual([sound]);
  });
});

describe('given a bad --at', () => {
  it.each(['yesterday', '2026-13-01T00:00:00Z', '1800-01-01T00:00:00Z'])(
    '--at %s is a usage error: exit 2 and nothing opened',
    async (at) => {
      const run = await runCliCaptured(['tick', '--at', at], service.ctx, actor);
      expect({ code: run.code, stdout: run.stdout, contextsOpened: run.contextsOpened }).toEqual({
        code: 2,
        stdout: '',
        contextsOpened: 0,
      });
      expect(run.stderr).toMatch(new RegExp(`^error: --at "${at}" is not an RFC 3339 time in `));
    },
  );
});
