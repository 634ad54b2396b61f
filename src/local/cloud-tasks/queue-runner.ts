import { attemptHeaders } from './attempt-headers';
import { attemptStatusOf, describeOutcome, isSuccess } from './attempt-status';
import { MAX_TIMER_DELAY_MS, type Clock, type TimerHandle } from './clock';
import { deliver, type DeliveryAgents, type DeliveryOutcome } from './http-delivery';
import type { AttemptRecord, EventListener, StoredQueue, StoredTask } from './model';
import { backoffMs, retriesExhausted } from './retry-policy';
import { TokenBucket } from './token-bucket';

export interface QueueRunnerDeps {
  readonly clock: Clock;
  readonly agents: DeliveryAgents;
  readonly emit: EventListener;
  /** A task left the queue for good (delivered or out of attempts): its name is tombstoned. */
  readonly onGone: (task: StoredTask) => void;
  /** The Authorization header for a task with an OIDC/OAuth token setting, if the server can make one. */
  readonly authorizationFor: (task: StoredTask) => Promise<string | undefined>;
}

/**
 * One queue's tasks and their dispatch: the earliest due task goes first while the queue has a free concurrent
 * slot and a token in its bucket; one timer wakes the queue at the next due time or token.
 */
export class QueueRunner {
  private readonly tasks = new Map<string, StoredTask>();
  private readonly bucket: TokenBucket;
  private readonly inFlightControllers = new Set<AbortController>();
  private inFlight = 0;
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(
    readonly queue: StoredQueue,
    private readonly deps: QueueRunnerDeps,
  ) {
    this.bucket = new TokenBucket(queue.config.maxDispatchesPerSecond, queue.config.maxBurstSize, deps.clock.now());
  }

  has(name: string): boolean {
    return this.tasks.has(name);
  }

  get(name: string): StoredTask | undefined {
    return this.tasks.get(name);
  }

  /** Tasks in the order they would be dispatched. */
  list(): StoredTask[] {
    return [...this.tasks.values()].sort(
      (a, b) => a.scheduleTimeMs - b.scheduleTimeMs || a.createTimeMs - b.createTimeMs || a.name.localeCompare(b.name),
    );
  }

  add(task: StoredTask): void {
    this.tasks.set(task.name, task);
    this.pump();
  }

  /** Removes a task; an attempt in flight is not interrupted, but its outcome is then ignored. */
  remove(name: string): boolean {
    return this.tasks.delete(name);
  }

  /** RunTask: dispatches now, regardless of schedule time, rate limits and concurrency. */
  runNow(task: StoredTask): void {
    this.start(task);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.deps.clock.clearTimer(this.timer);
    this.timer = undefined;
    for (const controller of this.inFlightControllers) controller.abort();
  }

  private pump(): void {
    if (this.stopped) return;
    if (this.timer) this.deps.clock.clearTimer(this.timer);
    this.timer = undefined;
    const now = this.deps.clock.now();
    let wakeAt: number | undefined;
    while (this.inFlight < this.queue.config.maxConcurrentDispatches) {
      const next = this.earliestWaiting();
      if (!next) break;
      if (next.scheduleTimeMs > now) {
        wakeAt = next.scheduleTimeMs;
        break;
      }
      if (!this.bucket.take(now)) {
        wakeAt = now + this.bucket.msUntilToken(now);
        break;
      }
      this.start(next);
    }
    if (wakeAt !== undefined)
      this.timer = this.deps.clock.setTimer(() => this.pump(), Math.min(wakeAt - now, MAX_TIMER_DELAY_MS));
  }

  private earliestWaiting(): StoredTask | undefined {
    let earliest: StoredTask | undefined;
    for (const task of this.tasks.values()) {
      if (task.activeAttempts > 0) continue;
      if (
        !earliest ||
        task.scheduleTimeMs < earliest.scheduleTimeMs ||
        (task.scheduleTimeMs === earliest.scheduleTimeMs && task.createTimeMs < earliest.createTimeMs)
      )
        earliest = task;
    }
    return earliest;
  }

  private start(task: StoredTask): void {
    const now = this.deps.clock.now();
    const retryCount = task.dispatchCount;
    // Headers describe the task as it is when dispatched, whatever happens to it meanwhile.
    const snapshot: StoredTask = { ...task };
    const record: AttemptRecord = { scheduleTimeMs: task.scheduleTimeMs, dispatchTimeMs: now };
    task.dispatchCount += 1;
    task.activeAttempts += 1;
    task.firstAttempt ??= record;
    task.lastAttempt = record;
    this.inFlight += 1;
    const attempt = task.dispatchCount;
    this.deps.emit({ type: 'attempt-started', task: task.name, attempt, at: now });
    const controller = new AbortController();
    this.inFlightControllers.add(controller);
    void this.attempt(snapshot, retryCount, controller.signal)
      .catch((error: unknown): DeliveryOutcome => ({
        kind: 'network-error',
        message: error instanceof Error ? error.message : String(error),
      }))
      .then((outcome) => {
        this.inFlightControllers.delete(controller);
        this.inFlight -= 1;
        task.activeAttempts -= 1;
        if (this.stopped || outcome.kind === 'aborted') return;
        this.settle(task, record, attempt, outcome);
        this.pump();
      });
  }

  private async attempt(snapshot: StoredTask, retryCount: number, signal: AbortSignal): Promise<DeliveryOutcome> {
    const authorization = await this.deps.authorizationFor(snapshot);
    const { http } = snapshot;
    const request = {
      url: http.url,
      method: http.method,
      headers: attemptHeaders(snapshot, retryCount, authorization),
      body: http.body,
      deadlineMs: snapshot.dispatchDeadlineMs,
    };
    return deliver(request, this.deps.agents, this.deps.clock, signal);
  }

  private settle(task: StoredTask, record: AttemptRecord, attempt: number, outcome: DeliveryOutcome): void {
    const now = this.deps.clock.now();
    record.responseStatus = attemptStatusOf(outcome);
    if (outcome.kind === 'response') {
      record.responseTimeMs = now;
      task.responseCount += 1;
      if (outcome.status !== 503) task.executionCount += 1;
      task.previousResponse = outcome.status;
    }
    this.deps.emit({ type: 'attempt-finished', task: task.name, attempt, outcome: describeOutcome(outcome), at: now });
    // Deleted (or already finished by an overlapping attempt) meanwhile: nothing left to decide.
    if (this.tasks.get(task.name) !== task) return;
    if (isSuccess(outcome)) {
      this.tasks.delete(task.name);
      this.deps.onGone(task);
      this.deps.emit({ type: 'task-completed', task: task.name, attempts: task.dispatchCount });
      return;
    }
    const firstAttemptMs = task.firstAttempt?.dispatchTimeMs ?? now;
    if (retriesExhausted(this.queue.config, task.dispatchCount, firstAttemptMs, now)) {
      this.tasks.delete(task.name);
      this.deps.onGone(task);
      this.deps.emit({ type: 'task-dropped', task: task.name, attempts: task.dispatchCount });
      return;
    }
    task.scheduleTimeMs = now + backoffMs(this.queue.config, task.dispatchCount);
    this.deps.emit({ type: 'task-retry-scheduled', task: task.name, retryAt: task.scheduleTimeMs });
  }
}
