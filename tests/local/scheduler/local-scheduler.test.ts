import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scheduledRunId } from '../../../src/domain/run/ids';
import { startLocalScheduler } from '../../../src/local/scheduler/start-local-scheduler';
import { startTestService, type TestService } from '../../support/service';
import { bootstrapAndOnboard, createSchedule } from '../../runs/support';

/**
 * The local stand-in for Cloud Scheduler, against the service listening on a real port: a job's call carries the
 * service token and the schedule time as Cloud Scheduler sends them, and its outcome reaches the report.
 */
let service: TestService;
let server: Server;
let serviceUrl: string;
beforeAll(async () => {
  service = await startTestService();
  server = createServer(service.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await service?.stop();
});

type Outcome = { status?: number; error?: string; body?: unknown };

function schedulerFor(url: string, token: string) {
  const reports: [string, Outcome][] = [];
  const scheduler = startLocalScheduler({
    serviceUrl: url,
    serviceToken: token,
    report: (job, o) => reports.push([job, o]),
  });
  return { scheduler, reports };
}

describe('given a tenant with a schedule due at 06:00', () => {
  beforeAll(async () => {
    service.setNow(new Date('2026-05-04T05:30:00Z'));
    await bootstrapAndOnboard(service, [{ tenantId: 'clock_co', plan: 'PROFESSIONAL' }]);
    await createSchedule(service, 'clock_co', { config_id: 'daily', schedule_cron: '0 6 * * *', timezone: 'UTC' });
  });

  it('firing the trigger job with the service token requests the run of that schedule time', async () => {
    service.setNow(new Date('2026-05-04T06:00:03Z'));
    service.dispatcher.take();
    const { scheduler, reports } = schedulerFor(serviceUrl, service.secrets.serviceToken);
    try {
      await scheduler.fire('trigger', new Date('2026-05-04T06:00:00Z'));
    } finally {
      scheduler.stop();
    }
    expect(reports).toHaveLength(1);
    const [job, outcome] = reports[0] as [string, Outcome];
    expect({ job, status: outcome.status }).toEqual({ job: 'trigger', status: 200 });
    expect(outcome.body).toMatchObject({ tick: '2026-05-04T06:00:00.000Z', triggered: 1, queued: 1 });
    expect(service.dispatcher.take().map((task) => task.runId)).toEqual([
      scheduledRunId('clock_co', 'daily', new Date('2026-05-04T06:00:00Z')),
    ]);
  });
});

describe('given a wrong service token', () => {
  it('reports the 401 the service answered, and nothing is triggered', async () => {
    service.dispatcher.take();
    const { scheduler, reports } = schedulerFor(serviceUrl, 'not-the-token');
    try {
      await scheduler.fire('process-queue', new Date('2026-05-04T06:05:00Z'));
    } finally {
      scheduler.stop();
    }
    expect(reports.map(([job, outcome]) => [job, outcome.status])).toEqual([['process-queue', 401]]);
    expect(service.dispatcher.take()).toEqual([]);
  });
});

describe('given no service listening', () => {
  it('reports the connection error instead of throwing', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const { scheduler, reports } = schedulerFor(url, service.secrets.serviceToken);
    try {
      await scheduler.fire('reset-daily-quotas', new Date('2026-05-05T00:00:00Z'));
    } finally {
      scheduler.stop();
    }
    expect(reports).toEqual([['reset-daily-quotas', { error: expect.stringMatching(/fetch failed/) }]]);
  });
});
