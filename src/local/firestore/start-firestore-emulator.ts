import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { defaultJarSearch, findEmulatorJar, JAR_ENV_VAR, type JarSearch } from './find-emulator-jar';

export interface RunningFirestoreEmulator {
  /** `host:port`, the value FIRESTORE_EMULATOR_HOST takes. */
  readonly host: string;
  /** True when we reused an emulator somebody else started (FIRESTORE_EMULATOR_HOST). */
  readonly external: boolean;
  /** The JVM's pid when we started it. */
  readonly pid?: number;
  stop(): Promise<void>;
}

export class FirestoreEmulatorUnavailable extends Error {
  readonly code = 'FIRESTORE_EMULATOR_UNAVAILABLE';
  constructor(message: string) {
    super(message);
    this.name = 'FirestoreEmulatorUnavailable';
  }
}

export interface StartOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Port to prefer; defaults to firebase.json's emulators.firestore.port. 0 = any free port. */
  readonly port?: number;
  /** Passed as --functions_emulator so the emulator delivers document events (local Eventarc). */
  readonly functionsEmulator?: string;
  readonly jarSearch?: JarSearch;
  readonly readyTimeoutMs?: number;
  readonly projectRoot?: string;
}

const MAIN_CLASS = 'com.google.cloud.datastore.emulator.firestore.CloudFirestore';

export async function startFirestoreEmulator(options: StartOptions = {}): Promise<RunningFirestoreEmulator> {
  const env = options.env ?? process.env;
  const reused = env.FIRESTORE_EMULATOR_HOST;
  if (reused) return { host: reused, external: true, stop: async () => undefined };

  assertJavaAvailable();
  const jar = findEmulatorJar(options.jarSearch ?? defaultJarSearch(env));
  if (!('found' in jar)) {
    throw new FirestoreEmulatorUnavailable(
      'The Firestore emulator jar was not found. Install it with `gcloud components install cloud-firestore-emulator` ' +
        `(or the Firebase CLI), or set ${JAR_ENV_VAR} to the jar. Looked at:\n  ${jar.lookedAt.join('\n  ')}`,
    );
  }

  const defaults = firebaseEmulatorDefaults(options.projectRoot ?? process.cwd());
  const bindHost = defaults.host;
  const port = await choosePort(bindHost, options.port ?? defaults.port);
  const args = ['-cp', jar.found, MAIN_CLASS, 'start', `--host=${bindHost}`, `--port=${port}`];
  if (options.functionsEmulator) args.push(`--functions_emulator=${options.functionsEmulator}`);

  const child = spawnJvm(args);
  const output = captureTail(child);
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);

  const host = `${bindHost}:${port}`;
  try {
    await waitUntilReady(host, child, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    killGroup('SIGKILL');
    process.removeListener('exit', onExit);
    throw new FirestoreEmulatorUnavailable(`${(error as Error).message}\nEmulator output:\n${output()}`);
  }

  return {
    host,
    external: false,
    pid: child.pid,
    stop: async () => {
      process.removeListener('exit', onExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Clears every document of one project of the emulator (its REST reset). */
export async function clearFirestoreEmulator(host: string, projectId: string): Promise<void> {
  const url = `http://${host}/emulator/v1/projects/${encodeURIComponent(projectId)}/databases/(default)/documents`;
  const response = await fetch(url, { method: 'DELETE', signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`Clearing the Firestore emulator failed: HTTP ${response.status}`);
}

function assertJavaAvailable(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore', timeout: 15_000 });
  if (probe.error || probe.status !== 0) {
    throw new FirestoreEmulatorUnavailable(
      'Java 11+ is required to run the Firestore emulator but `java` was not found on PATH. ' +
        'Install it (Debian: `apt-get install -y openjdk-17-jre-headless`) or set FIRESTORE_EMULATOR_HOST to a running emulator.',
    );
  }
}

/** The JVM runs in its own process group; with setpriv it also dies with us even if we are SIGKILLed. */
function spawnJvm(javaArgs: string[]): ChildProcess {
  const hasSetpriv = spawnSync('setpriv', ['--help'], { stdio: 'ignore' }).status === 0;
  const [command, args] = hasSetpriv
    ? ['setpriv', ['--pdeathsig', 'SIGKILL', '--', 'java', ...javaArgs]]
    : ['java', javaArgs];
  return spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
}

function captureTail(child: ChildProcess, maxLines = 40): () => string {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - maxLines));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => lines.join('\n');
}

async function waitUntilReady(host: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`The Firestore emulator exited with code ${child.exitCode} before it was ready.`);
    try {
      const response = await fetch(`http://${host}/`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The Firestore emulator did not answer on ${host} within ${timeoutMs} ms.`);
}

function firebaseEmulatorDefaults(projectRoot: string): { host: string; port: number } {
  try {
    const config = JSON.parse(readFileSync(join(projectRoot, 'firebase.json'), 'utf8')) as {
      emulators?: { firestore?: { host?: string; port?: number } };
    };
    return { host: config.emulators?.firestore?.host ?? '127.0.0.1', port: config.emulators?.firestore?.port ?? 8181 };
  } catch {
    return { host: '127.0.0.1', port: 8181 };
  }
}

async function choosePort(host: string, preferred: number): Promise<number> {
  if (preferred > 0 && (await canListen(host, preferred))) return preferred;
  return freePort(host);
}

function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
