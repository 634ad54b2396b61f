import { scheduledRunId } from '../../src/domain/run/ids';
import { usageDailyPath } from '../../src/app/read-models';
import { runPath } from '../../src/app/runs/run-paths';
import { runStreamId } from '../../src/domain/streams';
import { startTestService, type TestService } from '../support/service';
import { bootstrapAndOnboard, createSchedule, deliver, runEvents, trigger } from './support';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
  service.setNow(new Date('2026-11-27T05:30:00Z'));
  await bootstrapAndOnboard(service, [{ tenantId: 'acme_corp', plan: 'STARTER' }]);
  await createSchedule(service, 'acme_corp', {
    config_id: 'hourly_check',
    schedule_cron: '0 * * * *',
    timezone: 'UTC',
    catchup_window_minutes: 120,
    parameters: { fail_on_purpose: false },
  });
});
afterAll(async () => {
  await service?.stop();
});

describe('trigger → dispatch → execute', () => {
  const tick = '2026-11-27T06:00:00Z';
  const runId = scheduledRunId('acme_corp', 'hourly_check', new Date(tick));

  it('requests and dispatches the due run, with the schedule index advanced in the same pass', async () => {
    service.setNow(new Date('2026-11-27T06:00:05Z'));
    const res = await trigger(service, tick);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      tick: '2026-11-27T06:00:00.000Z',
      tenants: 1,
      triggered: 1,
      queued: 1,
      skipped: 0,
      missed: 0,
      duplicates: 0,
      next_trigger_time: '2026-11-27T07:00:00.000Z',
    });
    expect(service.dispatcher.tasks.map((t) => t.taskName)).toEqual([`${runId}-g1`]);
    const events = await runEvents(service, runId);
    expect(events.map((e) => e.type)).toEqual(['RunRequested', 'RunQueued']);
    // The schedule's parameters reach the run (the index keeps them as JSON text).
    // Exactly as the codec declares it: a field too many fails this, as one too few does.
    expect(events[0]?.data).toEqual({
      runId,
      tenantId: 'acme_corp',
      pipeline: { provider: 'demo', domain: 'health', template: 'warehouse_check' },
      pipelineId: 'warehouse_check',
      trigger: 'schedule',
      configId: 'hourly_check',
      scheduledTime: '2026-11-27T06:00:00.000Z',
      date: null,
      parameters: { fail_on_purpose: false },
      priority: 5,
      overlapPolicy: 'skip',
      maxAttempts: 2,
      requestedAt: '2026-11-27T06:00:05.000Z',
    });
  });

  it('the same tick delivered again requests nothing new', async () => {
    const res = await trigger(service, tick);
    expect(res.body).toMatchObject({ triggered: 0, queued: 0, duplicates: 0, tenants: 0 });
    expect(service.dispatcher.tasks).toHaveLength(1);
  });

  it('the same task delivered twice at once runs the pipeline once', async () => {
    const [task] = service.dispatcher.take();
    if (!task) throw new Error('no task');
    const [a, b] = await Promise.all([deliver(service, task), deliver(service, task)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.executed, b.body.executed].sort()).toEqual([false, true]);
    const events = await runEvents(service, runId);
    expect(events.filter((e) => e.type === 'RunStarted')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'StepStarted')).toHaveLength(1);
    expect(events.at(-1)?.type).toBe('RunSucceeded');
    const usage = await service.ctx.db.doc(usageDailyPath('acme_corp', '2026-11-27')).get();
    expect(usage.get('runs')).toBe(1);
    expect(usage.get('succeeded')).toBe(1);
    // A late re-delivery of a finished run does nothing.
    const late = await deliver(service, task);
    expect(late.body).toEqual({ runId, status: 'succeeded', executed: false });
    expect(await runEvents(service, runId)).toHaveLength(events.length);
  });

  it("the step starts in a commit of its own, and its end is committed with the run's finish", async () => {
    const { events } = await service.ctx.store.readStream(runStreamId(runId));
    const commitOf = (type: string) => {
      const event = events.find((e) => e.type === type);
      if (!event) throw new Error(`no ${type}`);
      return `${event.position.seconds}.${event.position.nanoseconds}`;
    };
    expect(events.slice(-2).map((e) => e.type)).toEqual(['StepSucceeded', 'RunSucceeded']);
    expect(commitOf('StepSucceeded')).toBe(commitOf('RunSucceeded'));
    expect(new Set([commitOf('RunStarted'), commitOf('StepStarted'), commitOf('RunSucceeded')]).size).toBe(3);
    const run = await service.ctx.db.doc(runPath(runId)).get();
    expect(run.get('revision')).toBe(events.length);
    const stepId = (events.find((e) => e.type === 'StepSucceeded')?.data as { stepId: string }).stepId;
    expect(run.get('steps')).toEqual({ [stepId]: { status: 'succeeded', attempt: 1 } });
  });
});
