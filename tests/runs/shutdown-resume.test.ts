import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import request from 'supertest';
import { ExecutionsInFlight } from '../../src/app/runs/executions-in-flight';
import { concurrencyPath } from '../../src/app/runs/run-paths';
import type { ServiceContext } from '../../src/app/service-context';
import { createApp } from '../../src/http/app';
import { createLogger } from '../../src/http/logger';
import { createDrain } from '../../src/http/middleware/draining';
import type { StepKind } from '../../src/pipelines';
import { shutdown } from '../../src/runtime/shutdown';
import { startTestService, type TestService } from '../support/service';
import { markKind } from './fixtures/two-steps';
import { admin, bootstrapAndOnboard, deliver, runEvents, serviceAuth } from './support';

const PIPELINE = `pipeline_id: held_query
version: 1
description: A BigQuery job the first delivery is still waiting on when the process shuts down, then a quick step.
timeout_minutes: 10
steps:
  - step_id: query
    name: Still running at shutdown
    ps_type: test.held_query
  - step_id: after
    name: Runs once the run resumes
    ps_type: test.mark
    depends_on: [query]
`;

/** Every query job the step started, with whether BigQuery already had that job id (a reattach, not a new job). */
const jobs: { jobId: string; reattached: boolean }[] = [];
let holdFirst: { reached: () => void; release: Promise<void> } | undefined;
let reached!: Promise<void>;
let release!: () => void;
const heldQueryKind: StepKind = {
  psType: 'test.held_query',
  check: () => [],
  run: async (ctx) => {
    const result = await ctx.deps.warehouse.runQuery('SELECT 1 AS ok', { jobId: ctx.jobId() });
    jobs.push({ jobId: result.jobId, reattached: result.reattached });
    // The first delivery waits here, as if for a job BigQuery has not finished: shutdown finds it in flight.
    const hold = holdFirst;
    holdFirst = undefined;
    if (hold) {
      hold.reached();
      await hold.release;
    }
    return { details: {} };
  },
};

const logLines: Record<string, unknown>[] = [];
const logWaiters: { matches: (line: Record<string, unknown>) => boolean; resolve: () => void }[] = [];
const logSink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    const line = JSON.parse(chunk.toString('utf8')) as Record<string, unknown>;
    logLines.push(line);
    for (const waiter of logWaiters.filter((w) => w.matches(line))) waiter.resolve();
    done();
  },
});
const logged = (matches: (line: Record<string, unknown>) => boolean) =>
  logLines.some(matches) ? Promise.resolve() : new Promise<void>((resolve) => logWaiters.push({ matches, resolve }));

let service: TestService;
beforeAll(async () => {
  service = await startTestService({
    extraPipelines: { 'test/runs/held_query.yml': PIPELINE },
    extraStepKinds: [heldQueryKind, markKind],
  });
  await bootstrapAndOnboard(service, [{ tenantId: 'drain_co', plan: 'STARTER' }]);
});
afterAll(async () => {
  release?.();
  await service?.stop();
});

describe('a run interrupted by shutdown', () => {
  it('is left resumable, its lease given back; the redelivery resumes it with no second BigQuery job', async () => {
    const runPath = '/api/v1/pipelines/run/drain_co/test/runs/held_query';
    const started = await request(service.app).post(runPath).set(admin(service)).send({});
    expect(started.status).toBe(202);
    const [task] = service.dispatcher.take();
    if (!task) throw new Error('no task');
    reached = new Promise<void>((resolveReached) => {
      const released = new Promise<void>((resolveRelease) => (release = resolveRelease));
      holdFirst = { reached: resolveReached, release: released };
    });

    // The shutting-down instance: the real app with a draining state and its executions tracked.
    const executions = new ExecutionsInFlight();
    const ctx: ServiceContext = { ...service.ctx, execution: { ...service.ctx.execution, inFlight: executions } };
    const drain = createDrain();
    const logger = createLogger('info', logSink);
    const app = createApp({ logger, version: 'test', readiness: {}, api: { ctx, auth: service.auth }, drain });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const firstDelivery = fetch(`http://127.0.0.1:${port}/tasks/runs/execute`, {
      method: 'POST',
      headers: { ...serviceAuth(service), 'content-type': 'application/json' },
      body: JSON.stringify({ run_id: task.runId, tenant_id: task.tenantId }),
    }).then(
      (response) => ({ status: response.status }),
      () => ({ status: 'connection dropped' as const }),
    );
    await reached;

    // No request budget left: the run is detached at once (its projections are the test service's, stopped later).
    const parts = { logger, drain, server, ctx, executions, stopRuntime: async () => undefined };
    expect(await shutdown(parts, 'SIGTERM', { requestsMs: 0, exitMs: 5_000 })).toBe(0);
    // The connection dropped: Cloud Tasks counts that as a failure and delivers the task again.
    expect(await firstDelivery).toEqual({ status: 'connection dropped' });
    const detachedLine = logLines.find((line) => String(line.msg).startsWith('requests outlived the shutdown budget'));
    expect(detachedLine).toMatchObject({ runs: [task.runId], leasesReleased: true });
    const concurrency = await service.ctx.db.doc(concurrencyPath(task.tenantId)).get();
    const slots = concurrency.get('slots') as Record<string, unknown> | undefined;
    expect(Object.keys(slots ?? {})).not.toContain(task.runId);

    // The job it waited on ends; the detached execution records nothing and starts no further step.
    release();
    await logged((line) => line.msg === 'request refused' && line.code === 'DRAINING');
    const afterShutdown = await runEvents(service, task.runId);
    expect(afterShutdown.map((e) => e.type)).toEqual(['RunRequested', 'RunQueued', 'RunStarted', 'StepStarted']);

    // The redelivery (to a live instance, same clock: no lease to wait out) takes the run over and resumes it.
    const redelivered = await deliver(service, task);
    expect(redelivered.body).toMatchObject({ status: 'succeeded', executed: true });
    const events = await runEvents(service, task.runId);
    expect(events.find((e) => e.type === 'RunStarted' && e.data.resumed)).toBeDefined();
    const queryStarts = events.filter((e) => e.type === 'StepStarted' && e.data.stepId === 'query');
    const jobIds = queryStarts.map((e) => (e.type === 'StepStarted' ? e.data.jobId : undefined));
    expect(new Set(jobIds).size).toBe(1);
    // One BigQuery job for the step: the resumed attempt's insert found the job the first delivery started.
    expect(jobs).toEqual([
      { jobId: jobIds[0], reattached: false },
      { jobId: jobIds[0], reattached: true },
    ]);
    expect(events.filter((e) => e.type === 'RunSucceeded')).toHaveLength(1);
  });
});
