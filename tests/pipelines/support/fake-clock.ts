import type { Clock } from '../../../src/pipelines/executor/clock';

/**
 * A clock for executor tests: sleeps resolve at once and are recorded (so backoff is asserted, never waited
 * for); timeouts are signals the test fires by duration; `now` advances only when told.
 */
export interface FakeClock extends Clock {
  readonly sleeps: number[];
  /** Aborts every timeout signal created with exactly `ms` (and later ones with the same duration, if sticky). */
  fire(ms: number): void;
  /** Durations of the timeout signals created so far. */
  readonly timeouts: number[];
  advance(ms: number): void;
}

export function fakeClock(start = '2026-01-02T06:00:00Z'): FakeClock {
  let now = Date.parse(start);
  const sleeps: number[] = [];
  const timeouts: number[] = [];
  const controllers = new Map<number, AbortController[]>();
  return {
    sleeps,
    timeouts,
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += ms;
    },
    timeoutSignal: (ms) => {
      timeouts.push(ms);
      const controller = new AbortController();
      controllers.set(ms, [...(controllers.get(ms) ?? []), controller]);
      return controller.signal;
    },
    fire: (ms) => {
      for (const c of controllers.get(ms) ?? []) c.abort(new DOMException('timed out', 'TimeoutError'));
    },
  };
}
