import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { clearFirestoreEmulator } from '../../src/local/firestore/start-firestore-emulator';
import { generateLocalSecrets } from '../../src/runtime/local-secrets';
import { SHUTDOWN_BUDGET } from '../../src/runtime/shutdown';
import { startService, type StartedService } from './support/start-service';

// The real entry point (src/main.ts) on the real local runtime, stopped the way Cloud Run stops it: SIGTERM,
// then SIGKILL 10 s later.
const CLOUD_RUN_GRACE_MS = 10_000;
const projectId = `convergence-shutdown-${process.env.JEST_WORKER_ID ?? '0'}`;
let scratch: string;
let running: StartedService | undefined;
beforeAll(async () => {
  const host = process.env.FIRESTORE_EMULATOR_HOST;
  if (!host) throw new Error('FIRESTORE_EMULATOR_HOST is not set: the jest globalSetup starts the emulator.');
  await clearFirestoreEmulator(host, projectId);
  scratch = mkdtempSync(path.join(tmpdir(), 'convergence-shutdown-'));
});
afterEach(async () => {
  await running?.stop();
  running = undefined;
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function serviceEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GOOGLE_CLOUD_PROJECT: projectId,
    CONVERGENCE_DATA_DIR: dataDir,
    CONVERGENCE_PARTITIONS: '4',
    CONVERGENCE_SETTLE_MS: '0',
    CONVERGENCE_PROJECTION_CATCHUP_MS: '0',
    CONVERGENCE_DEMO: 'off',
    CONVERGENCE_LOCAL_SCHEDULER: 'off',
    LOG_LEVEL: 'info',
  };
  for (const name of ['K_SERVICE', 'CONVERGENCE_MODE', 'CONVERGENCE_BIND_ADDRESS', 'CONVERGENCE_SERVICE_TOKEN']) {
    delete env[name];
  }
  return env;
}

interface HeldRequest {
  /** Resolves once the service has taken the request in (it answered `100 Continue`): it is in flight. */
  readonly admitted: Promise<void>;
  /** Sends the body; resolves with the answer. */
  finish(): Promise<{ status: number; body: unknown }>;
}

/** A POST whose body is held back: the service has the request in flight and waits for its body. */
function holdRequest(port: number, pathname: string, headers: Record<string, string>, body: string): HeldRequest {
  const req = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: pathname,
    headers: {
      ...headers,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      expect: '100-continue',
    },
  });
  const response = once(req, 'response') as Promise<[IncomingMessage]>;
  req.flushHeaders();
  return {
    admitted: once(req, 'continue').then(() => undefined),
    finish: async () => {
      req.end(body);
      const [res] = await response;
      let text = '';
      for await (const chunk of res) text += (chunk as Buffer).toString('utf8');
      return { status: res.statusCode ?? 0, body: JSON.parse(text) as unknown };
    },
  };
}

describe('src/main.ts on SIGTERM', () => {
  it('refuses new work 503 DRAINING, lets the request in flight finish, and exits 0 within the grace', async () => {
    const dataDir = path.join(scratch, 'drain');
    mkdirSync(dataDir, { mode: 0o700 });
    const secrets = generateLocalSecrets();
    writeFileSync(path.join(dataDir, 'local-secrets.json'), JSON.stringify(secrets), { mode: 0o600 });
    running = await startService(serviceEnv(dataDir));
    const service = running;
    const base = `http://127.0.0.1:${service.port}`;
    expect((await fetch(`${base}/health/live`)).status).toBe(200);

    const held = holdRequest(service.port, '/api/v1/admin/bootstrap', { 'x-admin-key': secrets.adminKey }, '{}');
    await held.admitted;
    const sentAt = Date.now();
    service.child.kill('SIGTERM');
    const draining = await service.waitForLog((line) => line.msg === 'shutting down: draining requests');
    expect(draining).toMatchObject({ signal: 'SIGTERM', inFlight: 1, budgetMs: SHUTDOWN_BUDGET.exitMs });

    // Cloud Run's probe and Cloud Tasks (or any caller) arriving now are told to go elsewhere and retry.
    const live = await fetch(`${base}/health/live`);
    expect([live.status, ((await live.json()) as { error: string }).error]).toEqual([503, 'DRAINING']);
    expect((await fetch(`${base}/health/ready`)).status).toBe(503);
    const task = await fetch(`${base}/tasks/runs/execute`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secrets.serviceToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ run_id: 'acme--pipeline--run1', tenant_id: 'acme' }),
    });
    expect(task.status).toBe(503);
    expect(task.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await task.json()).toMatchObject({ error: 'DRAINING' });
    // Still draining: the held request keeps the service up.
    expect(service.logs.some((line) => line.msg === 'stopped')).toBe(false);

    const answer = await held.finish();
    expect(answer).toMatchObject({ status: 201, body: { status: 'SUCCESS', first_bootstrap: true } });

    const code = await service.exited;
    const elapsedMs = Date.now() - sentAt;
    expect(code).toBe(0);
    // Cloud Run's contract, not a speed claim: a process still up at 10 s is killed mid-work.
    expect(elapsedMs).toBeLessThan(CLOUD_RUN_GRACE_MS);
    expect(service.logs.find((line) => line.msg === 'stopped')).toMatchObject({ drained: true });
    // Refusals while draining are answers, not faults: nothing at error level.
    expect(service.logs.filter((line) => line.msg === 'request failed')).toEqual([]);
    expect(service.logs.filter((line) => line.msg === 'request refused').map((line) => line.code)).toEqual([
      'DRAINING',
      'DRAINING',
      'DRAINING',
    ]);
  });
});
