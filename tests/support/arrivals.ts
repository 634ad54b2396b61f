/** A list that tests can wait on: `until(n)` resolves once n items have arrived. Event-driven, no polling. */
export class Arrivals<T> {
  readonly items: T[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];

  push(item: T): void {
    this.items.push(item);
    const ready = this.waiters.filter((w) => this.items.length >= w.count);
    this.waiters = this.waiters.filter((w) => this.items.length < w.count);
    ready.forEach((w) => w.resolve());
  }

  until(count: number): Promise<void> {
    if (this.items.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }
}
