import { executePipeline } from '../../src/pipelines/executor/execute-pipeline';
import type { ExecutorDeps } from '../../src/pipelines/executor/execute-pipeline';
import { stepRegistry } from '../../src/pipelines/steps/step-kind';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { fakeClock } from './support/fake-clock';
import { pipelineFrom, runIdentity, emptyTables } from './support/pipelines';
import { recordingLifecycle } from './support/recording-lifecycle';
import type { Script } from './support/scripted-kind';
import { scriptedKind } from './support/scripted-kind';
import { until } from '../support/until';

// Graph semantics only: steps are scripted, the warehouse is never reached.
const noWarehouse = {} as Warehouse;

function setup(yaml: string, scripts: Record<string, Script> = {}) {
  const kind = scriptedKind('test.step', scripts);
  const registry = stepRegistry([kind]);
  const pipeline = pipelineFrom(yaml, registry);
  const lifecycle = recordingLifecycle();
  const clock = fakeClock();
  const deps: ExecutorDeps = {
    registry,
    lifecycle,
    clock,
    warehouse: noWarehouse,
    tables: emptyTables,
    maxParallelSteps: 8,
  };
  return { kind, pipeline, lifecycle, clock, deps };
}

const diamond = `
pipeline_id: diamond
version: 1
steps:
  - { step_id: a, ps_type: test.step }
  - { step_id: b, ps_type: test.step, depends_on: [a] }
  - { step_id: c, ps_type: test.step, depends_on: [a] }
  - { step_id: d, ps_type: test.step, depends_on: [b, c] }
`;

describe('executor: graph levels', () => {
  it('runs level by level, the steps of a level in parallel', async () => {
    const { kind, pipeline, deps, lifecycle } = setup(diamond);
    const result = await executePipeline({ pipeline, run: runIdentity() }, deps);
    expect(result.status).toBe('succeeded');
    expect(kind.started[0]).toBe('a');
    expect(kind.started.slice(1, 3).sort()).toEqual(['b', 'c']);
    expect(kind.started[3]).toBe('d');
    expect(kind.peakInFlight()).toBe(2); // b and c overlapped
    // d starts only after b and c finished
    expect(lifecycle.events.findIndex((e) => e.type === 'started' && e.stepId === 'd')).toBeGreaterThan(
      Math.max(...['b', 'c'].map((id) => lifecycle.events.findIndex((e) => e.type === 'succeeded' && e.stepId === id))),
    );
  });

  it('a failing stop step lets its level finish, then runs no later level', async () => {
    const { kind, pipeline, deps } = setup(diamond, { b: { kind: 'fail', times: 99 } });
    const result = await executePipeline({ pipeline, run: runIdentity() }, deps);
    expect(result.status).toBe('failed');
    expect(result.error?.message).toContain('b failed');
    expect(kind.finished.sort()).toEqual(['a', 'c']);
    expect(result.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['a', 'succeeded'],
      ['b', 'failed'],
      ['c', 'succeeded'],
      ['d', 'not_run'],
    ]);
  });

  it('a failing continue step skips its dependents and the run goes on', async () => {
    const yaml = `
pipeline_id: continue_case
version: 1
steps:
  - { step_id: a, ps_type: test.step, on_failure: continue }
  - { step_id: b, ps_type: test.step, depends_on: [a] }
  - { step_id: c, ps_type: test.step }
  - { step_id: d, ps_type: test.step, depends_on: [c] }
`;
    const { kind, pipeline, deps, lifecycle } = setup(yaml, { a: { kind: 'fail', times: 99 } });
    const result = await executePipeline({ pipeline, run: runIdentity() }, deps);
    expect(result.status).toBe('succeeded');
    expect(kind.finished.sort()).toEqual(['c', 'd']);
    expect(result.steps.find((s) => s.stepId === 'a')?.status).toBe('failed');
    expect(result.steps.find((s) => s.stepId === 'b')?.status).toBe('skipped');
    expect(lifecycle.of('skipped')).toEqual(['b']);
  });
});

describe('executor: retries and timeouts', () => {
  const retrying = `
pipeline_id: retrying
version: 1
steps:
  - step_id: flaky
    ps_type: test.step
    retry: { attempts: 4, backoff: { initial_seconds: 2, multiplier: 3, max_seconds: 10 } }
`;

  it('retries with exponential backoff, capped, each attempt under its own job id', async () => {
    const { pipeline, deps, clock, lifecycle } = setup(retrying, { flaky: { kind: 'fail', times: 3 } });
    const result = await executePipeline({ pipeline, run: runIdentity() }, deps);
    expect(result.status).toBe('succeeded');
    expect(result.steps[0]?.attempts).toBe(4);
    expect(clock.sleeps).toEqual([2000, 6000, 10000]);
    expect(
      lifecycle.events.filter((e) => e.type === 'started').map((e) => (e.type === 'started' ? e.jobId : '')),
    ).toEqual(['run_0001_flaky_1', 'run_0001_flaky_2', 'run_0001_flaky_3', 'run_0001_flaky_4']);
    expect(
      lifecycle.events.filter((e) => e.type === 'failed').map((e) => (e.type === 'failed' ? e.retryInMs : 0)),
    ).toEqual([2000, 6000, 10000]);
  });

  it('gives up after the last attempt and does not retry errors marked not retryable', async () => {
    const exhausted = setup(retrying, { flaky: { kind: 'fail', times: 99 } });
    const r1 = await executePipeline({ pipeline: exhausted.pipeline, run: runIdentity() }, exhausted.deps);
    expect(r1.status).toBe('failed');
    expect(r1.steps[0]?.attempts).toBe(4);
    expect(exhausted.lifecycle.events.at(-1)).toMatchObject({ type: 'failed', attempt: 4, willRetry: false });

    const permanent = setup(retrying, { flaky: { kind: 'fail', times: 99, retryable: false } });
    const r2 = await executePipeline({ pipeline: permanent.pipeline, run: runIdentity() }, permanent.deps);
    expect(r2.steps[0]?.attempts).toBe(1);
    expect(permanent.clock.sleeps).toEqual([]);
  });

  it('a step timeout aborts the attempt, which is retried', async () => {
    const yaml = `
pipeline_id: step_timeout
version: 1
timeout_minutes: 60
steps:
  - { step_id: slow, ps_type: test.step, timeout_minutes: 2, retry: { attempts: 2 } }
`;
    const { pipeline, deps, clock, lifecycle, kind } = setup(yaml, { slow: { kind: 'hang' } });
    const running = executePipeline({ pipeline, run: runIdentity() }, deps);
    // Fire the 2-minute step timeout whenever an attempt has started.
    const fireWhenStarted = async (n: number): Promise<void> => {
      await until(() => kind.started.length >= n, { what: `attempt ${n} of step slow to start`, maxChecks: 1_000 });
      clock.fire(120_000);
    };
    await fireWhenStarted(1);
    await fireWhenStarted(2);
    const result = await running;
    expect(result.status).toBe('failed');
    expect(
      lifecycle.events
        .filter((e) => e.type === 'failed')
        .map((e) => (e.type === 'failed' ? [e.code, e.willRetry] : [])),
    ).toEqual([
      ['STEP_TIMEOUT', true],
      ['STEP_TIMEOUT', false],
    ]);
    expect(clock.timeouts).toContain(3_600_000);
  });

  it('the pipeline timeout aborts running steps, is not retried, and starts nothing more', async () => {
    const yaml = `
pipeline_id: pipeline_timeout
version: 1
timeout_minutes: 5
steps:
  - { step_id: slow, ps_type: test.step, retry: { attempts: 3 } }
  - { step_id: after, ps_type: test.step, depends_on: [slow] }
`;
    const { pipeline, deps, clock, kind } = setup(yaml, { slow: { kind: 'hang' } });
    const running = executePipeline({ pipeline, run: runIdentity() }, deps);
    await until(() => kind.started.length >= 1, { what: 'step slow to start', maxChecks: 1_000 });
    clock.fire(300_000);
    const result = await running;
    expect(result.status).toBe('timed_out');
    expect(result.error?.code).toBe('PIPELINE_TIMEOUT');
    expect(result.steps.map((s) => s.status)).toEqual(['failed', 'not_run']);
    expect(result.steps[0]?.attempts).toBe(1);
    expect(kind.started).toEqual(['slow']);
  });

  it('cancellation aborts the run', async () => {
    const { pipeline, deps, kind } = setup(diamond, { a: { kind: 'hang' } });
    const controller = new AbortController();
    const running = executePipeline({ pipeline, run: runIdentity(), signal: controller.signal }, deps);
    await until(() => kind.started.length >= 1, { what: 'step a to start', maxChecks: 1_000 });
    controller.abort();
    const result = await running;
    expect(result.status).toBe('cancelled');
    expect(result.steps[0]?.error?.code).toBe('CANCELLED');
  });
});

describe('executor: resume', () => {
  it('runs only the steps not finished before, and never re-runs finished ones', async () => {
    const { kind, pipeline, deps } = setup(diamond);
    const result = await executePipeline(
      { pipeline, run: runIdentity(), resume: { finished: { a: 'succeeded', b: 'succeeded' } } },
      deps,
    );
    expect(result.status).toBe('succeeded');
    expect(kind.started).toEqual(['c', 'd']);
    expect(result.steps.map((s) => [s.stepId, s.resumed])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
      ['d', false],
    ]);
  });

  it('re-runs a started but unfinished step under its last attempt (same job id)', async () => {
    const { pipeline, deps, lifecycle } = setup(diamond);
    await executePipeline(
      { pipeline, run: runIdentity(), resume: { finished: { a: 'succeeded' }, lastAttempt: { b: 2 } } },
      deps,
    );
    const started = lifecycle.events
      .filter((e) => e.type === 'started')
      .map((e) => (e.type === 'started' ? e.jobId : ''));
    expect(started).toContain('run_0001_b_2');
    expect(started).not.toContain('run_0001_b_1');
    expect(started).toContain('run_0001_c_1');
  });

  it('a resumed run whose finished step failed with stop stays failed and runs nothing', async () => {
    const { kind, pipeline, deps } = setup(diamond);
    const result = await executePipeline({ pipeline, run: runIdentity(), resume: { finished: { a: 'failed' } } }, deps);
    expect(result.status).toBe('failed');
    expect(kind.started).toEqual([]);
  });
});

describe('executor: notification triggers', () => {
  const withNotifications = `
pipeline_id: notifying
version: 1
steps:
  - { step_id: work, ps_type: test.step }
  - { step_id: on_ok, ps_type: test.step, trigger: on_success }
  - { step_id: on_ko, ps_type: test.step, trigger: on_failure }
  - { step_id: anyway, ps_type: test.step, trigger: always }
`;

  it('after success: on_success and always, with the run summary', async () => {
    const { kind, pipeline, deps } = setup(withNotifications);
    const result = await executePipeline({ pipeline, run: runIdentity() }, deps);
    expect(kind.started[0]).toBe('work');
    expect(kind.started.slice(1).sort()).toEqual(['anyway', 'on_ok']);
    expect(result.notifications.map((n) => [n.stepId, n.status])).toEqual([
      ['on_ok', 'succeeded'],
      ['on_ko', 'not_run'],
      ['anyway', 'succeeded'],
    ]);
    const summary = kind.contexts.find((c) => c.step.step_id === 'on_ok')?.summary;
    expect(summary).toMatchObject({
      status: 'succeeded',
      runId: 'run_0001',
      tenantId: 'acme_corp',
      date: '2026-01-02',
    });
    expect(summary?.steps.map((s) => s.stepId)).toEqual(['work']);
  });

  it('after failure: on_failure and always; a failing notification does not change the outcome', async () => {
    const { kind, pipeline, deps } = setup(withNotifications, {
      work: { kind: 'fail', times: 99 },
      anyway: { kind: 'fail', times: 99 },
    });
    const result = await executePipeline({ pipeline, run: runIdentity() }, deps);
    expect(result.status).toBe('failed');
    expect(kind.started.slice(1).sort()).toEqual(['anyway', 'on_ko']);
    expect(result.notifications.find((n) => n.stepId === 'anyway')?.status).toBe('failed');
    expect(kind.contexts.find((c) => c.step.step_id === 'on_ko')?.summary?.status).toBe('failed');
  });

  it('on resume, notifications already sent are not sent again', async () => {
    const { kind, pipeline, deps } = setup(withNotifications);
    await executePipeline(
      { pipeline, run: runIdentity(), resume: { finished: { work: 'succeeded', on_ok: 'succeeded' } } },
      deps,
    );
    expect(kind.started).toEqual(['anyway']);
  });
});

describe('executor: variables', () => {
  it('fails before any step when the run variables are invalid', async () => {
    const { kind, pipeline, deps } = setup(diamond);
    const result = await executePipeline({ pipeline, run: runIdentity({ date: "2026-01-01' OR '1'='1" }) }, deps);
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('VARIABLES_INVALID');
    expect(kind.started).toEqual([]);
  });

  it('a lifecycle that cannot record stops the execution', async () => {
    const { pipeline, deps } = setup(diamond);
    const failing = { ...deps.lifecycle, stepStarted: async () => Promise.reject(new Error('firestore down')) };
    await expect(
      executePipeline({ pipeline, run: runIdentity() }, { ...deps, lifecycle: failing }),
    ).rejects.toMatchObject({ code: 'LIFECYCLE_FAILED' });
  });
});
