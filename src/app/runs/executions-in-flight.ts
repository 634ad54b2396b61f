/** One run this process is executing: enough to give its lease back when the process stops. */
export interface InFlightExecution {
  readonly runId: string;
  readonly tenantId: string;
  /** The delivery's own lease holder id. */
  readonly workerId: string;
  readonly stopHeartbeat: () => void;
}

/** A step report refused because shutdown detached the execution: the run stays resumable as recorded. */
export class ExecutionDetached extends Error {
  readonly code = 'EXECUTION_DETACHED';
  constructor(readonly runId: string) {
    super(`run ${runId}: this worker is shutting down; the next delivery resumes the run`);
    this.name = 'ExecutionDetached';
  }
}

export interface TrackedExecution {
  /** True once shutdown let go of the run: record nothing more, start no further step, leave the run resumable. */
  detached(): boolean;
  untrack(): void;
}

/**
 * The runs this process executes right now. Shutdown detaches those that outlive its request budget: each
 * stops recording (so no further step, and no further BigQuery job, starts here) and its lease is given back,
 * so Cloud Tasks' redelivery resumes the run at once instead of waiting for the lease to expire.
 */
export class ExecutionsInFlight {
  private readonly executions = new Map<string, { readonly execution: InFlightExecution; detached: boolean }>();
  private closed = false;

  track(execution: InFlightExecution): TrackedExecution {
    // A delivery that got past its start after shutdown detached the others is detached from the outset.
    const entry = { execution, detached: this.closed };
    if (entry.detached) execution.stopHeartbeat();
    this.executions.set(execution.workerId, entry);
    return { detached: () => entry.detached, untrack: () => this.executions.delete(execution.workerId) };
  }

  get size(): number {
    return this.executions.size;
  }

  /** Marks every tracked execution (and every later one) detached, stops their heartbeats, returns them. */
  detachAll(): readonly InFlightExecution[] {
    this.closed = true;
    return [...this.executions.values()].map((entry) => {
      entry.detached = true;
      entry.execution.stopHeartbeat();
      return entry.execution;
    });
  }
}
