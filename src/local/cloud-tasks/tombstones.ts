/**
 * Names of deleted and finished tasks. Cloud Tasks refuses to reuse a task name for about an hour after the
 * task was deleted or executed, which is what makes named tasks an idempotency key.
 */
export class Tombstones {
  /** Insertion order is expiry order, since the window is fixed. */
  private readonly expiries = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  add(name: string, now: number): void {
    this.prune(now);
    this.expiries.delete(name);
    this.expiries.set(name, now + this.windowMs);
  }

  has(name: string, now: number): boolean {
    this.prune(now);
    return this.expiries.has(name);
  }

  private prune(now: number): void {
    for (const [name, expiry] of this.expiries) {
      if (expiry > now) return;
      this.expiries.delete(name);
    }
  }
}
