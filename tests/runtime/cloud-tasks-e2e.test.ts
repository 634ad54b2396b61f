import { Firestore } from '@google-cloud/firestore';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runStreamId } from '../../src/domain/streams';
import { clearFirestoreEmulator } from '../../src/local/firestore/start-firestore-emulator';
import { generateLocalSecrets } from '../../src/runtime/local-secrets';
import { until } from '../support/until';
import { startService, type StartedService } from './support/start-service';

/**
 * The whole dispatch path with nothing recorded or stubbed: src/main.ts on the local runtime, whose Cloud Tasks
 * adapter (the real @google-cloud/tasks client) creates tasks on the local Cloud Tasks server, which delivers them
 * to POST /tasks/runs/execute. A run whose first attempt fails is re-dispatched at its retry time and delivered
 * again by the queue, and ends failed after its second attempt.
 */
const projectId = `convergence-tasks-e2e-${process.env.JEST_WORKER_ID ?? '0'}`;
let scratch: string;
let service: StartedService | undefined;
const secrets = generateLocalSecrets();
beforeAll(async () => {
  const host = process.env.FIRESTORE_EMULATOR_HOST;
  if (!host) throw new Error('FIRESTORE_EMULATOR_HOST is not set: the jest globalSetup starts the emulator.');
  await clearFirestoreEmulator(host, projectId);
  scratch = mkdtempSync(path.join(tmpdir(), 'convergence-tasks-e2e-'));
  const dataDir = path.join(scratch, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  writeFileSync(path.join(dataDir, 'local-secrets.json'), JSON.stringify(secrets), { mode: 0o600 });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GOOGLE_CLOUD_PROJECT: projectId,
    CONVERGENCE_DATA_DIR: dataDir,
    CONVERGENCE_PARTITIONS: '4',
    CONVERGENCE_DEMO: 'off',
    CONVERGENCE_LOCAL_SCHEDULER: 'off',
    LOG_LEVEL: 'info',
  };
  for (const name of ['K_SERVICE', 'CONVERGENCE_MODE', 'CONVERGENCE_BIND_ADDRESS', 'CLOUD_TASKS_EMULATOR_HOST'])
    delete env[name];
  service = await startService(env);
}, 120_000);
afterAll(async () => {
  await service?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function call(
  method: string,
  pathname: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${service?.port}${pathname}`, {
    method,
    headers: { 'x-admin-key': secrets.adminKey, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('given a tenant onboarded on the running service', () => {
  beforeAll(async () => {
    expect((await call('POST', '/api/v1/admin/bootstrap', {})).status).toBe(201);
    const onboarded = await call('POST', '/api/v1/tenants/onboard', {
      tenant_id: 'tasks_co',
      company_name: 'Tasks Co',
      contact_email: 'ops@tasks-co.example.com',
    });
    expect(onboarded.status).toBe(201);
  }, 120_000);

  it('a run failing its first attempt is retried through the queue and delivered again, then fails', async () => {
    const started = await call('POST', '/api/v1/pipelines/run/tasks_co/demo/health/warehouse_check', {
      parameters: { fail_on_purpose: true },
    });
    expect(started.status).toBe(202);
    const runId = started.body.run_id as string;
    let run: { status?: unknown; attempt?: unknown; error?: { code?: unknown } | null } = {};
    // Polled over HTTP as an operator would: nothing in this process hears the service's commits.
    await until(
      async () => {
        run = (await call('GET', `/api/v1/pipelines/runs/${runId}`)).body;
        return run.status === 'failed';
      },
      { what: `run ${runId} to fail after its retry`, timeoutMs: 60_000 },
    );
    expect({ status: run.status, attempt: run.attempt, error: run.error?.code }).toEqual({
      status: 'failed',
      attempt: 2,
      error: 'DQ_CRITICAL_FAILURE',
    });

    // The run's own log: two dispatches (each a Cloud Tasks task), two starts, the first attempt failed.
    const db = new Firestore({ projectId });
    try {
      const events = await db
        .collection(`streams/${runStreamId(runId)}/events`)
        .orderBy('revision')
        .get();
      const lifecycle = events.docs
        .map((doc) => doc.get('type') as string)
        .filter((type) => ['RunQueued', 'RunStarted', 'RunAttemptFailed', 'RunFailed'].includes(type));
      expect(lifecycle).toEqual([
        'RunQueued',
        'RunStarted',
        'RunAttemptFailed',
        'RunQueued',
        'RunStarted',
        'RunFailed',
      ]);
      const taskNames = events.docs
        .filter((doc) => doc.get('type') === 'RunQueued')
        .map((doc) => doc.get('data.taskName'));
      expect(taskNames).toEqual([expect.stringMatching(/-g1$/), expect.stringMatching(/-g2$/)]);
    } finally {
      await db.terminate();
    }
    // Exactly two deliveries reached the execute route, both answered 200, under the trace the request began.
    const deliveries = (service?.logs ?? []).filter(
      (line) => line.msg === 'request' && line.path === '/tasks/runs/execute',
    );
    expect(deliveries.map((line) => line.status)).toEqual([200, 200]);
    expect(new Set(deliveries.map((line) => line.trace_id)).size).toBe(1);
  }, 90_000);
});
