import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
const TSX = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
const MAIN = path.join(REPO_ROOT, 'src/main.ts');

/** One parsed line of the service's JSON log. */
export type LogLine = Record<string, unknown> & { msg?: string };

export interface StartedService {
  readonly child: ChildProcess;
  readonly port: number;
  readonly logs: LogLine[];
  /** Resolves with the first log line (already written or still to come) that matches. */
  waitForLog(matches: (line: LogLine) => boolean): Promise<LogLine>;
  /** The exit code, once the process has exited. */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then the exit code once it has drained and stopped. */
  stop(): Promise<number | null>;
}

/** A port free right now (the service needs a fixed PORT: 0 is not a valid setting). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Runs `npm start`'s entry point (src/main.ts under tsx) and resolves once it logs that it listens. */
export async function startService(env: NodeJS.ProcessEnv): Promise<StartedService> {
  const port = await freePort();
  const child = spawn(TSX, [MAIN], {
    cwd: REPO_ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const watchers: { matches: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = once(child, 'exit') as Promise<[number | null]>;
  await new Promise<void>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines.filter((l) => l.startsWith('{'))) {
        const parsed = JSON.parse(line) as LogLine;
        logs.push(parsed);
        for (const watcher of watchers.filter((w) => w.matches(parsed))) {
          watchers.splice(watchers.indexOf(watcher), 1);
          watcher.resolve(parsed);
        }
        if (parsed.msg?.startsWith('Convergence listening')) resolve();
      }
    });
    void exited.then(([code]) => reject(new Error(`the service exited (${code}) before listening:\n${stderr}`)));
  });
  return {
    child,
    port,
    logs,
    waitForLog: (matches) =>
      new Promise<LogLine>((resolve) => {
        const seen = logs.find(matches);
        if (seen) resolve(seen);
        else watchers.push({ matches, resolve });
      }),
    exited: exited.then(([code]) => code),
    stop: async () => {
      child.kill('SIGTERM');
      const [code] = await exited;
      return code;
    },
  };
}

/** Runs src/main.ts to its exit (for starts that must be refused). */
export async function runServiceToExit(
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(TSX, [MAIN], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}
