import type { Express } from 'express';
import { RECOVERY_GENERATION_BASE } from '../../src/app/maintenance/recover-running-run';
import { startTestService, type TestService } from '../support/service';
import { bootstrapAndOnboard, runEvents } from '../runs/support';
import { deliverToDoomedWorker } from './support/dead-worker';
import { maintenanceApp, processQueueCall } from './support/maintenance-app';
import { manualRun } from './support/runs';
import { countPipeline, CountingSteps, ParkingSteps, twoStepPipeline } from './support/step-kinds';

const counting = new CountingSteps();
const parking = new ParkingSteps();
let service: TestService;
let app: Express;
const T0 = Date.parse('2026-03-10T08:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

beforeAll(async () => {
  service = await startTestService({
    extraPipelines: {
      'test/sweep/lost_a.yml': countPipeline('lost_a'),
      'test/sweep/lost_b.yml': countPipeline('lost_b'),
      'test/sweep/resume.yml': twoStepPipeline('resume', { timeoutMinutes: 30 }),
      'test/sweep/slow.yml': twoStepPipeline('slow', { timeoutMinutes: 2, attempts: 3 }),
    },
    extraStepKinds: [counting.kind, parking.kind],
  });
  app = maintenanceApp(service);
  service.setNow(at(0));
  await bootstrapAndOnboard(service, [
    { tenantId: 'alpha_co', plan: 'PROFESSIONAL' },
    { tenantId: 'beta_co', plan: 'SCALE' },
  ]);
});
afterAll(async () => {
  await service?.stop();
});

describe('process-queue called concurrently', () => {
  it('three sweeps at once recover each stuck run once: one new generation per waiting run, one resume, one timeout', async () => {
    const lostA = await manualRun(service, 'alpha_co', 'test/sweep/lost_a');
    const lostB = await manualRun(service, 'beta_co', 'test/sweep/lost_b');
    const resume = await manualRun(service, 'alpha_co', 'test/sweep/resume');
    const slow = await manualRun(service, 'beta_co', 'test/sweep/slow');
    deliverToDoomedWorker(service.ctx, resume);
    deliverToDoomedWorker(service.ctx, slow);
    await parking.nth(2);

    service.setNow(at(3));
    const answers = (
      await Promise.all([
        processQueueCall(app, service),
        processQueueCall(app, service),
        processQueueCall(app, service),
      ])
    ).map((r) => r.body);
    const total = (field: string) => answers.reduce((sum, body) => sum + Number(body[field]), 0);
    expect(answers.map((body) => body.failures)).toEqual([[], [], []]);
    expect(total('redispatched')).toBe(2);
    expect(total('resumed')).toBe(1);
    expect(total('timed_out')).toBe(1);
    expect(total('retried')).toBe(1);

    const tasks = service.dispatcher.take();
    const byRun = (runId: string) => tasks.filter((t) => t.runId === runId).map((t) => t.generation);
    expect(byRun(lostA.runId)).toEqual([2]);
    expect(byRun(lostB.runId)).toEqual([2]);
    expect(byRun(slow.runId)).toEqual([2]);
    expect(byRun(resume.runId)).toEqual([RECOVERY_GENERATION_BASE + (await runEvents(service, resume.runId)).length]);
    expect(tasks).toHaveLength(4);
    for (const run of [lostA, lostB])
      expect((await runEvents(service, run.runId)).filter((e) => e.type === 'RunQueued')).toHaveLength(2);
    const slowEvents = (await runEvents(service, slow.runId)).map((e) => e.type);
    expect(slowEvents.filter((type) => type === 'RunAttemptFailed')).toHaveLength(1);
    expect(slowEvents.slice(-2)).toEqual(['RunAttemptFailed', 'RunQueued']);
  });
});
