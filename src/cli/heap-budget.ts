/**
 * The V8 heap budget of the commands that need one. V8 lets its heap grow towards its limit (by default a
 * share of the machine's memory) before collecting in earnest, so a replay, which turns over gigabytes of
 * short-lived rows, would hold hundreds of MB of garbage. Under a budget it collects sooner; what it keeps
 * alive is bounded by its batch and cache sizes (see rebuildShadow), not by the length of the log.
 * V8 fixes the limit when the process starts, so bin/convergence relaunches itself with the flag.
 */
export const HEAP_BUDGET_MB: Readonly<Record<string, number>> = { replay: 192 };

const HEAP_FLAG = '--max-old-space-size';

/** The flag to relaunch with, or undefined: not a budgeted command, or a limit already chosen by the caller. */
export function heapFlagFor(
  args: readonly string[],
  execArgv: readonly string[],
  nodeOptions: string | undefined,
): string | undefined {
  const command = args.find((arg) => !arg.startsWith('-'));
  const budget = command === undefined ? undefined : HEAP_BUDGET_MB[command];
  if (budget === undefined) return undefined;
  if (execArgv.some((arg) => arg.startsWith(HEAP_FLAG)) || (nodeOptions ?? '').includes(HEAP_FLAG)) return undefined;
  return `${HEAP_FLAG}=${budget}`;
}
