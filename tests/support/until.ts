/** How long `until` keeps checking, and what it names when it gives up. */
export interface UntilOptions {
  /** What is awaited, for the failure message ("step slow to start"). */
  readonly what: string;
  /**
   * Gives up once this many milliseconds have passed: a bound on the loop, never a measurement. Defaults to 5 s
   * when no `maxChecks` is given, else to no time bound.
   */
  readonly timeoutMs?: number;
  /** Gives up after this many checks: for conditions settled by in-process work, a deterministic bound. */
  readonly maxChecks?: number;
}

/**
 * Checks `condition` once per turn of the event loop until it holds, and fails naming `what` once a bound is
 * reached. For state that nothing announces; where an event or promise exists, await that instead.
 */
export async function until(condition: () => boolean | Promise<boolean>, options: UntilOptions): Promise<void> {
  const maxChecks = options.maxChecks ?? Number.POSITIVE_INFINITY;
  const timeoutMs = options.timeoutMs ?? (options.maxChecks === undefined ? 5_000 : Number.POSITIVE_INFINITY);
  const startedAt = Date.now();
  for (let checks = 1; ; checks += 1) {
    if (await condition()) return;
    const elapsed = Date.now() - startedAt;
    if (checks >= maxChecks || elapsed >= timeoutMs)
      throw new Error(`gave up waiting for ${options.what} after ${checks} check(s) in ${elapsed} ms`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
