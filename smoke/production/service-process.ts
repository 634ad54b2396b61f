import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type LogLine = Readonly<Record<string, unknown>>;

export interface ServiceProcess {
  readonly child: ChildProcess;
  /** From spawn to the line saying it listens. */
  readonly startMs: number;
  readonly logs: readonly LogLine[];
  /** The process's peak resident set so far (VmHWM), in MiB. */
  peakRssMb(): number;
  /** SIGTERM, then the exit code and how long the drain took. */
  stop(): Promise<{ readonly code: number | null; readonly exitMs: number }>;
}

/** pino writes `msg`; the Cloud Logging format writes `message`. */
export const messageOf = (line: LogLine): string => String(line.message ?? line.msg ?? '');

const START_TIMEOUT_MS = 60_000;

/** `node dist/main.js` in the assembled artifact, with exactly the environment given (nothing inherited). */
export async function startServiceProcess(dir: string, env: NodeJS.ProcessEnv): Promise<ServiceProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(dir, 'dist', 'main.js')], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const listening = new Promise<void>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines.filter((l) => l.startsWith('{'))) {
        const parsed = JSON.parse(line) as LogLine;
        logs.push(parsed);
        if (messageOf(parsed).startsWith('Convergence listening')) resolve();
      }
    });
    void exited.then(([code]) => reject(new Error(`the service exited (${code}) before listening:\n${stderr}`)));
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no "listening" line within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
  });
  try {
    await Promise.race([listening, timeout]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const startMs = Math.round(performance.now() - started);
  return {
    child,
    startMs,
    logs,
    peakRssMb: () => peakRssMb(child.pid),
    stop: async () => {
      const signalled = performance.now();
      child.kill('SIGTERM');
      const [code] = await exited;
      return { code, exitMs: Math.round(performance.now() - signalled) };
    },
  };
}

function peakRssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  return Math.round((kb / 1024) * 10) / 10;
}
