import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { clearFirestoreEmulator } from '../../src/local/firestore/start-firestore-emulator';
import { generateLocalSecrets } from '../../src/runtime/local-secrets';
import { runServiceToExit, startService, type StartedService } from './support/start-service';

// The real entry point (src/main.ts) on the real local runtime: this worker's emulator under a project of its own,
// the local warehouse file and secrets in a scratch data directory, no demo and no scheduler clock.
const projectId = `convergence-main-${process.env.JEST_WORKER_ID ?? '0'}`;
let scratch: string;
let env: NodeJS.ProcessEnv;
let running: StartedService | undefined;
beforeAll(async () => {
  const host = process.env.FIRESTORE_EMULATOR_HOST;
  if (!host) throw new Error('FIRESTORE_EMULATOR_HOST is not set: the jest globalSetup starts the emulator.');
  await clearFirestoreEmulator(host, projectId);
  scratch = mkdtempSync(path.join(tmpdir(), 'convergence-main-'));
  env = {
    ...process.env,
    GOOGLE_CLOUD_PROJECT: projectId,
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
});
afterEach(async () => {
  await running?.stop();
  running = undefined;
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const modeOf = (file: string) => `0${(statSync(file).mode & 0o777).toString(8)}`;
const listening = (service: StartedService) =>
  service.logs.find((line) => line.msg?.startsWith('Convergence listening'));

describe('src/main.ts', () => {
  it('locally listens on 127.0.0.1 only and keeps its data directory 0700 and its files 0600', async () => {
    const dataDir = path.join(scratch, 'fresh');
    running = await startService({ ...env, CONVERGENCE_DATA_DIR: dataDir });
    expect(listening(running)).toMatchObject({ address: '127.0.0.1', port: running.port });
    const health = await fetch(`http://127.0.0.1:${running.port}/health`);
    expect(health.status).toBe(200);
    expect(modeOf(dataDir)).toBe('0700');
    for (const file of ['local-secrets.json', 'warehouse.duckdb', 'local-stack.json']) {
      expect([file, modeOf(path.join(dataDir, file))]).toEqual([file, '0600']);
    }
  });

  it('tightens an existing loose data directory and secrets file, keeping the secrets, and warns', async () => {
    const dataDir = path.join(scratch, 'loose');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const secretsFile = path.join(dataDir, 'local-secrets.json');
    const secrets = `${JSON.stringify(generateLocalSecrets(), null, 2)}\n`;
    writeFileSync(secretsFile, secrets, { mode: 0o644 });
    chmodSync(secretsFile, 0o644);

    running = await startService({ ...env, CONVERGENCE_DATA_DIR: dataDir, CONVERGENCE_BIND_ADDRESS: '0.0.0.0' });
    expect(modeOf(dataDir)).toBe('0700');
    expect(modeOf(secretsFile)).toBe('0600');
    expect(readFileSync(secretsFile, 'utf8')).toBe(secrets);
    const warnings = running.logs.filter((line) => line.msg?.includes('made it owner-only'));
    expect(warnings.map(({ path: p, was, now }) => ({ p, was, now }))).toEqual([
      { p: dataDir, was: '0755', now: '0700' },
      { p: secretsFile, was: '0644', now: '0600' },
    ]);
    // The opt-in to every interface is honoured.
    expect(listening(running)).toMatchObject({ address: '0.0.0.0' });
  });

  it('on Cloud Run with CONVERGENCE_MODE unset refuses to start, in one message, exit 2', async () => {
    const dataDir = path.join(scratch, 'cloud-run');
    const token = 'shared-service-token-value-0123456789abcdef';
    const cloudRun = { K_SERVICE: 'convergence', CONVERGENCE_SERVICE_TOKEN: token };
    const run = await runServiceToExit({ ...env, CONVERGENCE_DATA_DIR: dataDir, ...cloudRun });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^Invalid configuration:\n/);
    expect(run.stderr).toContain(
      'CONVERGENCE_MODE: unset on Cloud Run (K_SERVICE is set) would mean local; set CONVERGENCE_MODE=production',
    );
    expect(run.stderr).toContain('CONVERGENCE_SERVICE_TOKEN: shared-secret service auth is local only');
    expect(run.stderr).toContain('FIRESTORE_EMULATOR_HOST: points a Google client at an emulator');
    expect(`${run.stdout}${run.stderr}`).not.toContain(token);
    // Nothing was generated: the refusal comes before any secret or file.
    expect(() => statSync(dataDir)).toThrow();
  });
});
