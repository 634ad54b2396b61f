/**
 * `npm run bench:smoke`: every benchmark (bench/*.bench.ts), one after the other, at the small size BENCH_SMOKE=1
 * selects, each in its own process as `npm run bench:<name>` runs it. A benchmark fails the smoke run when it exits
 * non-zero (a crash, or one of its own result checks), overruns its deadline, or does not end with its JSON line.
 * No timing is asserted: at these sizes the figures mean nothing. CI runs this after the tests.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const BENCH_DIR = resolve(__dirname);
const TSX = resolve(BENCH_DIR, '../node_modules/.bin/tsx');
/** Generous for a small size (each takes well under a minute here), so a hang fails instead of stalling CI. */
const DEADLINE_MS = 5 * 60_000;

type Outcome = {
  readonly bench: string;
  readonly seconds: number;
  readonly failure?: string;
  readonly result?: string;
};

function lastJsonLine(output: string): string | undefined {
  const last = output.trimEnd().split('\n').pop() ?? '';
  try {
    const parsed: unknown = JSON.parse(last);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? last : undefined;
  } catch {
    return undefined;
  }
}

function runBench(file: string): Promise<Outcome> {
  const bench = file.replace(/\.bench\.ts$/, '');
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(TSX, [join(BENCH_DIR, file)], {
      env: { ...process.env, BENCH_SMOKE: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true, // its own process group, so a deadline kills the emulator and endpoints it started too
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      process.stdout.write(chunk.toString('utf8').replace(/^(?=.)/gm, `[${bench}] `));
    });
    let overran = false;
    const deadline = setTimeout(() => {
      overran = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, DEADLINE_MS);
    child.on('close', (code, signal) => {
      clearTimeout(deadline);
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      const result = lastJsonLine(output);
      const failure = overran
        ? `did not finish within ${DEADLINE_MS / 1000} s`
        : code !== 0
          ? `exited with ${code ?? signal}`
          : result === undefined
            ? 'did not end with its JSON result line'
            : undefined;
      done({ bench, seconds, ...(failure ? { failure } : {}), ...(result ? { result } : {}) });
    });
  });
}

async function main(): Promise<void> {
  const benches = readdirSync(BENCH_DIR)
    .filter((file) => file.endsWith('.bench.ts'))
    .sort();
  const outcomes: Outcome[] = [];
  for (const file of benches) outcomes.push(await runBench(file));
  console.log('\nbench:smoke');
  for (const { bench, seconds, failure, result } of outcomes)
    console.log(`  ${failure ? 'FAIL' : 'ok  '} ${bench} (${seconds} s)${failure ? `: ${failure}` : `: ${result}`}`);
  if (outcomes.some((outcome) => outcome.failure)) process.exitCode = 1;
}

void main();
