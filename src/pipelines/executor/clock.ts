/**
 * Time as a port: the executor never calls setTimeout directly, so tests inject a clock whose sleeps return
 * at once (recording the delay) and whose timeouts fire when the test says.
 */

export interface Clock {
  now(): Date;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A signal that aborts (with a TimeoutError) after `ms`. */
  timeoutSignal(ms: number): AbortSignal;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
  timeoutSignal: (ms) => AbortSignal.timeout(ms),
};
