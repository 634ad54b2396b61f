import type { ReplayRecord } from './replay-record';

/** Replays started by this instance (HTTP), so a second start of a running id is refused and tests can await one. */
export class ReplayJobs {
  private readonly running = new Map<string, Promise<ReplayRecord>>();

  isRunning(replayId: string): boolean {
    return this.running.has(replayId);
  }

  start(replayId: string, work: () => Promise<ReplayRecord>): Promise<ReplayRecord> {
    const job = work().finally(() => this.running.delete(replayId));
    this.running.set(replayId, job);
    return job;
  }

  /** The outcome of a replay this instance runs; undefined when it runs none by that id. */
  wait(replayId: string): Promise<ReplayRecord> | undefined {
    return this.running.get(replayId);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.running.values()].map((job) => job.catch(() => undefined)));
  }
}
