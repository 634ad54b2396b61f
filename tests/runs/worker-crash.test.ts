import { spawn } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { startTestService, type TestService } from '../support/service';
import { TWO_STEP_PIPELINE, markKind, passKind } from './fixtures/two-steps';
import { admin, bootstrapAndOnboard, deliver, runEvents } from './support';

let service: TestService;
beforeAll(async () => {
  service = await startTestService({
    extraPipelines: { 'test/runs/two_steps.yml': TWO_STEP_PIPELINE },
    extraStepKinds: [markKind, passKind],
  });
  await bootstrapAndOnboard(service, [{ tenantId: 'crash_co', plan: 'STARTER' }]);
});
afterAll(async () => {
  await service?.stop();
});

/** Runs the doomed worker as a real process; resolves once it is inside the second step. */
function startDoomedWorker(task: { runId: string; tenantId: string }) {
  const script = path.join(__dirname, 'fixtures/doomed-worker.ts');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, service.projectId, service.bigqueryUrl, service.configsDir, task.runId, task.tenantId],
    {
      env: { ...process.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  const held = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('HELD')) resolve();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    void exited.then(() => reject(new Error(`the worker exited before the second step:\n${output}`)));
  });
  return { child, held, exited };
}

describe('a worker process killed mid-run', () => {
  it('the run finishes exactly once after recovery, and its finished step never runs again', async () => {
    const started = await request(service.app)
      .post('/api/v1/pipelines/run/crash_co/test/runs/two_steps')
      .set(admin(service))
      .send({});
    expect(started.status).toBe(202);
    const [task] = service.dispatcher.take();
    if (!task) throw new Error('no task');

    const worker = startDoomedWorker(task);
    await worker.held;
    worker.child.kill('SIGKILL');
    expect(await worker.exited).toBe('SIGKILL');
    const afterCrash = (await runEvents(service, task.runId)).map((e) => e.type);
    expect(afterCrash).toEqual([
      'RunRequested',
      'RunQueued',
      'RunStarted',
      'StepStarted',
      'StepSucceeded',
      'StepStarted',
    ]);

    // Re-delivered while the dead worker's lease still looks live: acknowledged, nothing runs twice.
    const early = await deliver(service, task);
    expect(early.body).toMatchObject({ status: 'running', executed: false });
    expect(await runEvents(service, task.runId)).toHaveLength(afterCrash.length);

    // Once the lease has expired, the next delivery takes the run over and resumes after the finished step.
    service.setNow(new Date(Date.now() + 2 * 60_000));
    const recovered = await deliver(service, task);
    expect(recovered.body).toMatchObject({ status: 'succeeded', executed: true });
    const events = await runEvents(service, task.runId);
    expect(events.filter((e) => e.type === 'RunSucceeded')).toHaveLength(1);
    const startsOf = (stepId: string) =>
      events.filter((e) => e.type === 'StepStarted' && e.data.stepId === stepId).length;
    expect(startsOf('first')).toBe(1);
    expect(events.filter((e) => e.type === 'StepSucceeded' && e.data.stepId === 'first')).toHaveLength(1);
    expect(events.find((e) => e.type === 'RunStarted' && e.data.resumed)).toBeDefined();

    // A late duplicate after recovery changes nothing.
    const late = await deliver(service, task);
    expect(late.body).toMatchObject({ status: 'succeeded', executed: false });
  });
});
