import * as E from 'fp-ts/Either';
import { buildRunTask } from '../../src/dispatch/build-run-task';
import {
  DEFAULT_QUEUE_SETTINGS,
  DispatchError,
  decodeRunTaskPayload,
  runTaskId,
  type DispatchConfig,
} from '../../src/dispatch';

const RUN = 'acme_corp--daily_costs--20260301T0600Z';
const NOW = new Date('2026-03-01T06:00:05Z');
const base: DispatchConfig = {
  projectId: 'convergence-prod',
  location: 'europe-west1',
  queue: 'pipeline-runs',
  serviceUrl: 'https://convergence.example.run.app',
  auth: {
    mode: 'oidc',
    serviceAccountEmail: 'tasks@convergence-prod.iam.gserviceaccount.com',
    audience: 'https://convergence.example.run.app',
  },
  dispatchDeadlineSeconds: 900,
  requestTimeoutMs: 5_000,
  queueSettings: DEFAULT_QUEUE_SETTINGS,
};

function refusal(run: () => unknown): DispatchError {
  try {
    run();
  } catch (error) {
    if (error instanceof DispatchError) return error;
    throw error;
  }
  throw new Error('expected a DispatchError');
}

describe('buildRunTask', () => {
  it('makes one named HTTP task POSTing the ids to the executor with an OIDC token and an explicit deadline', () => {
    const { taskId, task } = buildRunTask(base, { runId: RUN, tenantId: 'acme_corp', generation: 2 }, NOW);
    expect(taskId).toBe(`${RUN}-g2`);
    expect(task.name).toBe(`projects/convergence-prod/locations/europe-west1/queues/pipeline-runs/tasks/${RUN}-g2`);
    expect(task.httpRequest).toMatchObject({
      url: 'https://convergence.example.run.app/tasks/runs/execute',
      httpMethod: 'POST',
      headers: { 'Content-Type': 'application/json' },
      oidcToken: {
        serviceAccountEmail: 'tasks@convergence-prod.iam.gserviceaccount.com',
        audience: 'https://convergence.example.run.app',
      },
    });
    expect(task.httpRequest?.headers).not.toHaveProperty('Authorization');
    expect(JSON.parse(Buffer.from(task.httpRequest?.body as Uint8Array).toString('utf8'))).toEqual({
      run_id: RUN,
      tenant_id: 'acme_corp',
      generation: 2,
    });
    expect(task.dispatchDeadline).toEqual({ seconds: 900, nanos: 0 });
    expect(task.scheduleTime).toBeUndefined();
  });

  it('carries the shared secret as a bearer header instead when configured so', () => {
    const token = 'local-service-token-0123456789abcdef';
    const { task } = buildRunTask(
      { ...base, auth: { mode: 'shared-secret', token } },
      { runId: RUN, tenantId: 'acme_corp', generation: 1 },
      NOW,
    );
    expect(task.httpRequest?.headers).toEqual({ 'Content-Type': 'application/json', Authorization: `Bearer ${token}` });
    expect(task.httpRequest?.oidcToken).toBeUndefined();
  });

  it('sets the schedule time of a deferred dispatch, to the millisecond', () => {
    const { task } = buildRunTask(
      base,
      { runId: RUN, tenantId: 'acme_corp', generation: 3, scheduleTime: new Date('2026-03-01T06:15:00.250Z') },
      NOW,
    );
    expect(task.scheduleTime).toEqual({ seconds: Date.parse('2026-03-01T06:15:00Z') / 1000, nanos: 250_000_000 });
  });

  it('refuses what Cloud Tasks or the executor would refuse, before any call', () => {
    expect(
      refusal(() => buildRunTask(base, { runId: 'not a run id', tenantId: 'acme_corp', generation: 1 }, NOW)),
    ).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'runId' } });
    expect(refusal(() => buildRunTask(base, { runId: RUN, tenantId: 'Acme', generation: 1 }, NOW))).toMatchObject({
      code: 'INVALID_REQUEST',
      details: { field: 'tenantId' },
    });
    expect(refusal(() => buildRunTask(base, { runId: RUN, tenantId: 'acme_corp', generation: 0 }, NOW))).toMatchObject({
      code: 'INVALID_REQUEST',
      details: { field: 'generation' },
    });
    expect(
      refusal(() =>
        buildRunTask(
          base,
          { runId: RUN, tenantId: 'acme_corp', generation: 1, scheduleTime: new Date(NOW.getTime() + 31 * 86_400_000) },
          NOW,
        ),
      ),
    ).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'scheduleTime' } });
    expect(
      refusal(() =>
        buildRunTask(
          base,
          { runId: RUN, tenantId: 'acme_corp', generation: 1, scheduleTime: new Date('nonsense') },
          NOW,
        ),
      ),
    ).toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('names each generation of a run differently and the same generation identically', () => {
    expect(runTaskId(RUN, 1)).toBe(runTaskId(RUN, 1));
    expect(runTaskId(RUN, 1)).not.toBe(runTaskId(RUN, 2));
  });
});

describe('run task payload', () => {
  it('decodes what the adapter sends', () => {
    const { task } = buildRunTask(base, { runId: RUN, tenantId: 'acme_corp', generation: 4 }, NOW);
    const decoded = decodeRunTaskPayload(
      JSON.parse(Buffer.from(task.httpRequest?.body as Uint8Array).toString('utf8')),
    );
    expect(decoded).toEqual(E.right({ run_id: RUN, tenant_id: 'acme_corp', generation: 4 }));
  });

  it('names each bad field', () => {
    expect(decodeRunTaskPayload({ run_id: 'x y', tenant_id: 'acme_corp', generation: 0 })).toEqual(
      E.left([expect.stringMatching(/^run_id: /), expect.stringMatching(/^generation: /)]),
    );
  });
});
