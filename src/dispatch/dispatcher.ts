/**
 * The Dispatcher port: how the service hands a run to the executor through a queue (DESIGN §4, one Cloud Task
 * per run). The production adapter is Cloud Tasks (`createCloudTasksDispatcher`); locally the same adapter talks
 * to the gRPC stand-in in src/local/cloud-tasks. Callers depend on this interface only.
 */

export interface DispatchRunRequest {
  readonly runId: string;
  readonly tenantId: string;
  /**
   * The run's dispatch generation (RunQueued.generation, ≥ 1). It is part of the task name, so a re-dispatch
   * after a deferral is a new task while a repeat of the same dispatch is de-duplicated by Cloud Tasks.
   */
  readonly generation: number;
  /** Not before this time (deferral, retry delay). Absent or past: as soon as the queue allows. */
  readonly scheduleTime?: Date;
  /** Sent as the task's `traceparent` header, so the execution joins the dispatching request's trace. */
  readonly traceparent?: string;
}

export interface DispatchRunResult {
  /** The task id (last segment of the resource name), `runTaskName(runId, generation)`. */
  readonly taskId: string;
  /** Full resource name: projects/P/locations/L/queues/Q/tasks/T. */
  readonly taskName: string;
  /** false when Cloud Tasks already knew the name (a repeat of this dispatch): nothing new was queued. */
  readonly created: boolean;
}

export interface CancelDispatchRequest {
  readonly runId: string;
  readonly generation: number;
}

export interface CancelDispatchResult {
  readonly taskName: string;
  /** false when there was no such task (already delivered, dropped, deleted, or never created). */
  readonly deleted: boolean;
}

export interface EnsureQueueResult {
  readonly queueName: string;
  /** false when the queue already existed; its settings were then left as they are. */
  readonly created: boolean;
  /** Settings of an existing queue that differ from the configured ones (field names only), for a start-up warning. */
  readonly mismatches: readonly string[];
}

export interface Dispatcher {
  /** Queues one HTTP task for the run; idempotent per (runId, generation). Rejects with a DispatchError. */
  dispatchRun(request: DispatchRunRequest): Promise<DispatchRunResult>;
  /** Deletes the run's task of that generation if it has not been delivered yet. Rejects with a DispatchError. */
  cancelDispatch(request: CancelDispatchRequest): Promise<CancelDispatchResult>;
  /** Creates the queue with the configured retry and rate settings when it is missing. Rejects with a DispatchError. */
  ensureQueue(): Promise<EnsureQueueResult>;
  /** Closes the underlying client's channel. */
  close(): Promise<void>;
}
