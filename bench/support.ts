/** Runs `count` tasks with at most `inFlight` running at once; returns elapsed seconds. */
export async function timed(
  count: number,
  inFlight: number,
  task: (index: number, worker: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: Math.min(inFlight, count) }, async (_, worker) => {
      for (let index = next++; index < count; index = next++) await task(index, worker);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export const round = (value: number, digits = 0) => Number(value.toFixed(digits));

/**
 * `npm run bench:smoke` sets BENCH_SMOKE=1: each benchmark then runs at a size that only proves it still runs and
 * still checks its own results (CI runs it so that a benchmark cannot rot unnoticed); its figures mean nothing.
 */
export const SMOKE = process.env.BENCH_SMOKE === '1';

/** The benchmark's size: `full` when measuring, `small` under bench:smoke. */
export const sized = (full: number, small: number): number => (SMOKE ? small : full);
