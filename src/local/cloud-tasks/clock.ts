/** Time as the local Cloud Tasks server sees it: injectable so tests can move it without waiting. */
export interface Clock {
  now(): number;
  setTimer(callback: () => void, delayMs: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

export interface TimerHandle {
  readonly id: unknown;
}

/** setTimeout cannot wait longer than this (about 24.8 days); longer waits are re-armed when they fire. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (callback, delayMs) => ({ id: setTimeout(callback, Math.min(Math.max(0, delayMs), MAX_TIMER_DELAY_MS)) }),
  clearTimer: (handle) => clearTimeout(handle.id as NodeJS.Timeout),
};
