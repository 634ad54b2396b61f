import type { PlanLimits } from '../plans';
import type { RunEventOf } from './events';

/** What the execution gate knows when a worker asks to start a run (read in the same transaction as its commit). */
export interface GateFacts {
  readonly tenantStatus: string;
  readonly limits: PlanLimits;
  readonly runsToday: number;
  readonly runsThisMonth: number;
  /** Live concurrency slots of the tenant (expired leases excluded). */
  readonly runningNow: number;
  readonly usageDay: string;
  readonly usageMonth: string;
}

export type StepOutcome =
  | { readonly status: 'succeeded'; readonly details: unknown }
  | { readonly status: 'failed'; readonly code: string; readonly message: string; readonly details?: unknown }
  | { readonly status: 'skipped'; readonly reason: string };

export type RunOutcome =
  | { readonly status: 'succeeded' }
  | {
      readonly status: 'failed' | 'timed_out';
      readonly code: string;
      readonly message: string;
      /** When a retry is allowed, when it may start. */ readonly retryAt: string | null;
    };

/** Commands are plain readonly data; times are inputs, so the decider stays pure. */
export type RunCommand =
  | { readonly type: 'RequestRun'; readonly data: RunEventOf<'RunRequested'>['data'] }
  | { readonly type: 'RecordMissed'; readonly data: RunEventOf<'RunMissed'>['data'] }
  | { readonly type: 'RecordSkipped'; readonly data: RunEventOf<'RunSkipped'>['data'] }
  | { readonly type: 'MarkQueued'; readonly data: { readonly notBefore: string | null; readonly now: string } }
  | {
      readonly type: 'StartRun';
      readonly data: {
        readonly gate: GateFacts;
        readonly workerId: string;
        /** Whether another worker's lease on this run is still live. */
        readonly leaseLive: boolean;
        /** When a deferred run is tried again. */
        readonly deferUntil: string;
        readonly now: string;
      };
    }
  /** Step and finish reports name their worker: a worker that lost its lease is refused (RUN_LEASE_LOST). */
  | {
      readonly type: 'StartStep';
      readonly data: {
        readonly workerId: string;
        readonly stepId: string;
        readonly attempt: number;
        readonly jobId: string;
        readonly kind?: string;
        readonly name?: string;
        readonly now: string;
      };
    }
  | {
      readonly type: 'FinishStep';
      readonly data: {
        readonly workerId: string;
        readonly stepId: string;
        readonly attempt: number;
        readonly outcome: StepOutcome;
        readonly now: string;
      };
    }
  | {
      readonly type: 'FinishRun';
      readonly data: { readonly workerId: string | null; readonly outcome: RunOutcome; readonly now: string };
    }
  | { readonly type: 'CancelRun'; readonly data: { readonly reason: string; readonly now: string } };
