import type { Firestore, Timestamp } from '@google-cloud/firestore';
import { RUNS } from '../../src/app/runs/run-paths';
import type { RunningLocalCloudTasks } from '../../src/local/cloud-tasks';

/** Statuses a run only reaches through RunStarted (the no-op pipeline cannot time out or be cancelled here). */
const STARTED_STATUSES = ['running', 'succeeded', 'failed', 'timed_out'];
const POLL_MS = 200;

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1] as number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls the `runs` read model until `expected` runs have started or `timeoutMs` passed; returns how many did. */
export async function waitForStarts(
  db: Firestore,
  expected: number,
  timeoutMs: number,
  onProgress: (started: number) => void,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let lastReport = Date.now();
  for (;;) {
    const counted = await db.collection(RUNS).where('status', 'in', STARTED_STATUSES).count().get();
    const started = counted.data().count;
    if (started >= expected || Date.now() >= deadline) return started;
    if (Date.now() - lastReport >= 5_000) {
      onProgress(started);
      lastReport = Date.now();
    }
    await pause(POLL_MS);
  }
}

/** Counts the local queue's finished tasks (delivered with a 2xx, or given up on), keyed by run id. */
export class TaskWatch {
  readonly attemptStartedAt = new Map<string, number>();
  private finished = 0;
  private readonly waiters: { count: number; resolve: () => void }[] = [];
  private readonly unsubscribe: () => void;

  constructor(tasks: RunningLocalCloudTasks) {
    this.unsubscribe = tasks.subscribe((event) => {
      if (event.type === 'attempt-started') {
        const runId = runIdOfTask(event.task);
        if (!this.attemptStartedAt.has(runId)) this.attemptStartedAt.set(runId, event.at);
      }
      if (event.type === 'task-completed' || event.type === 'task-dropped') {
        this.finished += 1;
        for (const waiter of this.waiters.filter((w) => this.finished >= w.count)) waiter.resolve();
      }
    });
  }

  get done(): number {
    return this.finished;
  }

  /** Resolves when `count` tasks have finished, or after `timeoutMs`; returns how many had. */
  async until(count: number, timeoutMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => (this.finished >= count ? resolve() : this.waiters.push({ count, resolve }))),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    return this.finished;
  }

  close(): void {
    this.unsubscribe();
  }
}

/** `projects/…/tasks/{runId}-g{generation}` → runId. */
function runIdOfTask(name: string): string {
  return (name.split('/').pop() ?? name).replace(/-g\d+$/, '');
}

export interface RunTimes {
  /** recordedAt (commit time) of each run's first RunQueued, by run id. */
  readonly queuedAt: Map<string, number>;
  /** recordedAt of each run's first RunStarted. */
  readonly startedAt: Map<string, number>;
  /** Runs with more than one RunQueued (deferred or retried). */
  readonly redispatched: number;
}

/** The commit times of every RunQueued and RunStarted in the (fresh) project of the runs `measured` keeps, read with two collection-group queries. */
export async function runTimes(db: Firestore, measured: (runId: string) => boolean = () => true): Promise<RunTimes> {
  const byRun = async (type: string) => {
    const snapshot = await db
      .collectionGroup('events')
      .where('type', '==', type)
      .select('streamId', 'recordedAt')
      .get();
    const first = new Map<string, number>();
    let repeats = 0;
    for (const doc of snapshot.docs) {
      const runId = String(doc.get('streamId')).replace(/^run-/, '');
      if (!measured(runId)) continue;
      const at = (doc.get('recordedAt') as Timestamp).toMillis();
      const seen = first.get(runId);
      if (seen !== undefined) repeats += 1;
      if (seen === undefined || at < seen) first.set(runId, at);
    }
    return { first, repeats };
  };
  const [queued, started] = await Promise.all([byRun('RunQueued'), byRun('RunStarted')]);
  return { queuedAt: queued.first, startedAt: started.first, redispatched: queued.repeats };
}

/** Per run present in both maps: `to - from` in ms. */
export function delays(from: ReadonlyMap<string, number>, to: ReadonlyMap<string, number>): number[] {
  const out: number[] = [];
  for (const [runId, start] of from) {
    const end = to.get(runId);
    if (end !== undefined) out.push(end - start);
  }
  return out;
}
