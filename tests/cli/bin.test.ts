import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { clearFirestoreEmulator } from '../../src/local/firestore/start-firestore-emulator';
import { runBin } from './support/run-bin';

// The real entry point on the real runtime: this worker's emulator under a project of its own, and a local
// warehouse file and secrets in a scratch data directory. Each run starts a process (tsx compiles on the fly),
// hence the longer timeout of the three-run test.
const projectId = `convergence-cli-${process.env.JEST_WORKER_ID ?? '0'}`;
let scratch: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  const host = process.env.FIRESTORE_EMULATOR_HOST;
  if (!host) throw new Error('FIRESTORE_EMULATOR_HOST is not set: the jest globalSetup starts the emulator.');
  await clearFirestoreEmulator(host, projectId);
  scratch = mkdtempSync(path.join(tmpdir(), 'convergence-bin-'));
  env = {
    ...process.env,
    GOOGLE_CLOUD_PROJECT: projectId,
    CONVERGENCE_DATA_DIR: path.join(scratch, 'data'),
    CONVERGENCE_PARTITIONS: '4',
    CONVERGENCE_SETTLE_MS: '0',
  };
  delete env.LOG_LEVEL;
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('bin/convergence', () => {
  it('--help prints the usage and exits 0', async () => {
    const run = await runBin(['--help'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Usage: convergence \[options\] \[command\]/);
  });

  it('replay runs in a process relaunched under its heap budget, which answers for it (its usage, its exit code)', async () => {
    const run = await runBin(['replay', '--help'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Usage: convergence replay \[options\]/);
    const refused = await runBin(['replay', '--concurrency', '0'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--concurrency must be an integer from 1 to 64');
  });

  it('a bad environment variable stops it with exit 2, naming the variable', async () => {
    const run = await runBin(['bootstrap'], { ...env, CONVERGENCE_PARTITIONS: 'many' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('CONVERGENCE_PARTITIONS: expected an integer from 1 to 256, got "many"');
  });

  it('bootstraps, onboards (printing the key) and bootstraps again on the real runtime', async () => {
    const first = await runBin(['bootstrap'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('System bootstrapped: dataset tenants created');
    expect(first.stdout).toContain('12 created, 0 already existed, 0 re-created');

    const config = path.join(scratch, 'tenants.json');
    writeFileSync(
      config,
      JSON.stringify({
        tenants: [
          {
            tenant_id: 'bin_tenant',
            company_name: 'Bin Tenant Ltd',
            contact_email: 'ops@bin-tenant.example.com',
            subscription_plan: 'SCALE',
          },
        ],
      }),
    );
    const onboarded = await runBin(['onboard', '--config', config], env);
    expect(onboarded.code).toBe(0);
    expect(onboarded.stdout).toMatch(
      /^bin_tenant: onboarded — ACTIVE, plan SCALE, dataset bin_tenant\n {2}API key \S+ \(shown only now, store it\): cvg_\S+$/m,
    );

    const again = await runBin(['bootstrap'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('System bootstrapped again: dataset tenants already existed');
    expect(again.stdout).toContain('0 created, 12 already existed, 0 re-created');
  }, 180_000);
});
