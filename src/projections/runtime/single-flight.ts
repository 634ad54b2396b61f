/**
 * Coalesces calls for one key: while a run is in progress, every caller that arrives gets ONE follow-up run
 * (started when the current one ends), so a burst of doorbells costs at most two catch-ups, and nobody who
 * rang during a run is answered by a run that began before their event.
 */
export class SingleFlight<T> {
  private current: Promise<T> | undefined;
  private queued: Promise<T> | undefined;

  run(work: () => Promise<T>): Promise<T> {
    if (!this.current) return this.start(work);
    if (!this.queued) {
      const settled = () => undefined;
      this.queued = this.current.then(settled, settled).then(() => {
        this.queued = undefined;
        return this.start(work);
      });
    }
    return this.queued;
  }

  get idle(): boolean {
    return !this.current && !this.queued;
  }

  private start(work: () => Promise<T>): Promise<T> {
    const running: Promise<T> = work().finally(() => {
      if (this.current === running) this.current = undefined;
    });
    this.current = running;
    return running;
  }
}
