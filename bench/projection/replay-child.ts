import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { heapFlagFor } from '../../src/cli/heap-budget';

export interface ReplayReport {
  readonly replay_events: number;
  readonly replay_s: number;
  /** CPU seconds of the replay process itself (user + system). */
  readonly replay_cpu_s: number;
  readonly peak_rss_mb: number;
  readonly quarters_rss_mb: readonly number[];
  /** process.memoryUsage() at the peak, in MB. */
  readonly at_peak_mb: Readonly<Record<string, number>>;
  readonly dead_letters: number;
}

/** Runs bench/projection/replay-process.ts (under the replay heap budget, as bin/convergence runs `convergence replay`), echoing its progress lines, and returns its final JSON line. */
export async function runReplayProcess(
  firestoreHost: string,
  projectId: string,
  warehouseUrl: string,
): Promise<ReplayReport> {
  const tsx = path.resolve(__dirname, '../../node_modules/.bin/tsx');
  // Under the heap budget bin/convergence gives `convergence replay`.
  const heapFlag = heapFlagFor(['replay'], [], undefined) ?? '';
  const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${heapFlag}`.trim() };
  const child = spawn(
    tsx,
    [path.resolve(__dirname, 'replay-process.ts'), firestoreHost, projectId, warehouseUrl, 'bench'],
    { stdio: ['ignore', 'pipe', 'inherit'], env },
  );
  let last = '';
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith('{')) last = line;
    else console.log(line);
  }
  const code = await new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve),
  );
  if (code !== 0 || !last) throw new Error(`the replay process failed (exit ${code})`);
  return JSON.parse(last) as ReplayReport;
}
