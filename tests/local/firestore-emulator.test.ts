import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findEmulatorJar } from '../../src/local/firestore/find-emulator-jar';
import {
  FirestoreEmulatorUnavailable,
  startFirestoreEmulator,
} from '../../src/local/firestore/start-firestore-emulator';
import { testFirestore } from '../support/firestore';
import { until } from '../support/until';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const envWithoutEmulator = () => {
  const env = { ...process.env };
  delete env.FIRESTORE_EMULATOR_HOST;
  return env;
};

describe('Firestore emulator launcher', () => {
  it('the harness talks to the emulator and starts each file empty', async () => {
    const db = testFirestore();
    expect(process.env.FIRESTORE_EMULATOR_HOST).toMatch(/^127\.0\.0\.1:\d+$/);
    expect((await db.collection('streams').limit(1).get()).size).toBe(0);
    await db.doc('probe/one').create({ ok: true });
    expect((await db.doc('probe/one').get()).data()).toEqual({ ok: true });
    await db.terminate();
  });

  it('reuses FIRESTORE_EMULATOR_HOST when set', async () => {
    const emulator = await startFirestoreEmulator({ env: { FIRESTORE_EMULATOR_HOST: '127.0.0.1:9999' } });
    expect(emulator).toMatchObject({ host: '127.0.0.1:9999', external: true });
  });

  it('finds the jar by explicit path first, and lists every place it looked when there is none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jar-'));
    const jar = join(dir, 'emulator.jar');
    writeFileSync(jar, '');
    expect(findEmulatorJar({ explicit: jar, sdkRoots: ['/nonexistent'], firebaseCacheDir: dir })).toEqual({
      found: jar,
    });

    const cached = join(dir, 'cloud-firestore-emulator-v1.19.7.jar');
    writeFileSync(cached, '');
    writeFileSync(join(dir, 'cloud-firestore-emulator-v1.2.0.jar'), '');
    expect(findEmulatorJar({ sdkRoots: ['/nonexistent'], firebaseCacheDir: dir })).toEqual({ found: cached });

    expect(findEmulatorJar({ explicit: '/no/such.jar', sdkRoots: ['/sdk'], firebaseCacheDir: '/no/cache' })).toEqual({
      lookedAt: [
        '/no/such.jar (from CONVERGENCE_FIRESTORE_EMULATOR_JAR)',
        '/sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar',
        '/no/cache/cloud-firestore-emulator-v*.jar',
      ],
    });
  });

  it('says what to install when the jar is missing', async () => {
    const attempt = startFirestoreEmulator({
      env: envWithoutEmulator(),
      jarSearch: { sdkRoots: ['/nonexistent'], firebaseCacheDir: '/nonexistent' },
    });
    await expect(attempt).rejects.toBeInstanceOf(FirestoreEmulatorUnavailable);
    await expect(attempt).rejects.toThrow(/gcloud components install cloud-firestore-emulator/);
  });

  it('starts its own emulator on a free port and stops the JVM', async () => {
    const emulator = await startFirestoreEmulator({ env: envWithoutEmulator(), port: 0 });
    expect(emulator.external).toBe(false);
    expect(emulator.host).not.toBe(process.env.FIRESTORE_EMULATOR_HOST);
    expect(await (await fetch(`http://${emulator.host}/`)).text()).toMatch(/Ok/);
    const pid = emulator.pid as number;
    expect(isAlive(pid)).toBe(true);
    await emulator.stop();
    expect(isAlive(pid)).toBe(false);
  });

  it('leaves no orphaned JVM when its parent is killed outright', async () => {
    const parent = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'emulator-parent.ts')], {
      env: envWithoutEmulator(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const started = await new Promise<{ pid: number }>((resolve, reject) => {
      parent.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()) as { pid: number }));
      parent.once('exit', (code) => reject(new Error(`parent exited with ${code}`)));
    });
    expect(isAlive(started.pid)).toBe(true);
    parent.kill('SIGKILL');
    // The JVM is not this process's child, so nothing announces its exit: poll it, bounded.
    await until(() => !isAlive(started.pid), {
      what: `the emulator JVM (pid ${started.pid}) to exit after its parent was killed`,
      timeoutMs: 10_000,
    });
  });
});
