import type { RunEvent, RunEventOf } from './events';

export type RunStatus =
  | 'requested'
  | 'queued'
  | 'deferred'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'timed_out'
  | 'rejected'
  | 'missed'
  | 'skipped';

export const TERMINAL_STATUSES: ReadonlySet<RunStatus> = new Set([
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
  'rejected',
  'missed',
  'skipped',
]);
/** Waiting for a worker: the run counts against the overlap policy but holds no concurrency slot. */
export const OPEN_STATUSES: ReadonlySet<RunStatus> = new Set(['requested', 'queued', 'deferred', 'running']);

export interface StepProgress {
  readonly status: 'running' | 'succeeded' | 'failed' | 'skipped';
  readonly attempt: number;
}

export type RunState =
  | { readonly exists: false }
  | {
      readonly exists: true;
      readonly runId: string;
      readonly tenantId: string;
      readonly status: RunStatus;
      readonly request: RunEventOf<'RunRequested'>['data'] | null;
      /** The run-level attempt (pipeline retries); 0 before the first start. */
      readonly attempt: number;
      /** Dispatches so far: each re-dispatch (deferral, retry, recovery) gets a new task name. */
      readonly generation: number;
      readonly deferrals: number;
      readonly workerId: string | null;
      readonly startedAt: string | null;
      readonly firstStartedAt: string | null;
      readonly usage: { readonly day: string; readonly month: string } | null;
      /** Steps of the current attempt. */
      readonly steps: Readonly<Record<string, StepProgress>>;
      readonly error: { readonly code: string; readonly message: string } | null;
    };

export type ExistingRun = Extract<RunState, { exists: true }>;

export const initialRunState: RunState = { exists: false };

const blank = (runId: string, tenantId: string, status: RunStatus): ExistingRun => ({
  exists: true,
  runId,
  tenantId,
  status,
  request: null,
  attempt: 0,
  generation: 0,
  deferrals: 0,
  workerId: null,
  startedAt: null,
  firstStartedAt: null,
  usage: null,
  steps: {},
  error: null,
});

/** Folds one event into the run's state. Pure and total. */
export function evolveRun(state: RunState, event: RunEvent): RunState {
  switch (event.type) {
    case 'RunRequested':
      return { ...blank(event.data.runId, event.data.tenantId, 'requested'), request: event.data };
    case 'RunMissed':
      return blank(event.data.runId, event.data.tenantId, 'missed');
    case 'RunSkipped':
      return blank(event.data.runId, event.data.tenantId, 'skipped');
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'RunQueued':
      return { ...state, status: 'queued', generation: event.data.generation };
    case 'RunDeferred':
      return { ...state, status: 'deferred', deferrals: event.data.deferrals };
    case 'RunRejected':
      return { ...state, status: 'rejected', error: { code: event.data.code, message: event.data.message } };
    case 'RunStarted':
      return {
        ...state,
        status: 'running',
        attempt: event.data.attempt,
        workerId: event.data.workerId,
        // A resumed attempt keeps its start time: durations and the pipeline timeout count from it.
        startedAt: event.data.resumed ? (state.startedAt ?? event.data.startedAt) : event.data.startedAt,
        firstStartedAt: state.firstStartedAt ?? event.data.startedAt,
        usage: { day: event.data.usageDay, month: event.data.usageMonth },
        // A resumed attempt keeps its finished steps; a new attempt starts from none.
        steps: event.data.resumed ? state.steps : {},
      };
    case 'StepStarted':
      return {
        ...state,
        steps: { ...state.steps, [event.data.stepId]: { status: 'running', attempt: event.data.attempt } },
      };
    case 'StepSucceeded':
      return {
        ...state,
        steps: { ...state.steps, [event.data.stepId]: { status: 'succeeded', attempt: event.data.attempt } },
      };
    case 'StepFailed':
      return {
        ...state,
        steps: { ...state.steps, [event.data.stepId]: { status: 'failed', attempt: event.data.attempt } },
      };
    case 'StepSkipped':
      return { ...state, steps: { ...state.steps, [event.data.stepId]: { status: 'skipped', attempt: 0 } } };
    case 'RunAttemptFailed':
      return {
        ...state,
        status: 'requested',
        workerId: null,
        error: { code: event.data.code, message: event.data.message },
      };
    case 'RunSucceeded':
      return { ...state, status: 'succeeded', workerId: null, error: null };
    case 'RunFailed':
      return {
        ...state,
        status: 'failed',
        workerId: null,
        error: { code: event.data.code, message: event.data.message },
      };
    case 'RunTimedOut':
      return {
        ...state,
        status: 'timed_out',
        workerId: null,
        error: { code: 'TIMED_OUT', message: event.data.message },
      };
    case 'RunCancelled':
      return { ...state, status: 'cancelled', workerId: null };
  }
}

/** Steps finished in the current attempt: what a resumed execution must not run again. */
export function finishedSteps(state: ExistingRun): Readonly<Record<string, 'succeeded' | 'failed' | 'skipped'>> {
  // fromEntries defines own properties: a step id such as `__proto__` stays a key, not a prototype.
  return Object.fromEntries(
    Object.entries(state.steps).flatMap(([stepId, step]) => (step.status === 'running' ? [] : [[stepId, step.status]])),
  );
}
