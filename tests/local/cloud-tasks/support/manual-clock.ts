import type { Clock, TimerHandle } from '../../../../src/local/cloud-tasks';

const MAX_TIMERS_PER_ADVANCE = 10_000;

/** A clock that moves only when told to; its timers fire in time order as it passes them. */
export class ManualClock implements Clock {
  private readonly timers = new Map<number, { readonly at: number; readonly callback: () => void }>();
  private nextId = 0;

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  setTimer(callback: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at: this.current + Math.max(0, delayMs), callback });
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.delete(handle.id as number);
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time on by `ms`, firing each timer due by then at its own time; fails if timers never stop coming. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (let fired = 0; ; fired += 1) {
      const due = [...this.timers.entries()]
        .filter(([, timer]) => timer.at <= target)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      if (fired === MAX_TIMERS_PER_ADVANCE)
        throw new Error(`advance(${ms}) fired ${fired} timers and more are due: a timer keeps re-arming itself`);
      this.timers.delete(due[0]);
      this.current = due[1].at;
      due[1].callback();
    }
    this.current = target;
  }
}
