import { Cron } from 'croner';
import { SCHEDULER_JOBS, type SchedulerJobName } from '../../domain/system/scheduler-jobs';

export { SCHEDULER_JOBS } from '../../domain/system/scheduler-jobs';

export interface LocalSchedulerOptions {
  readonly serviceUrl: string;
  readonly serviceToken: string;
  /** Where each call's outcome is reported (the service's logger). */
  readonly report: (job: string, outcome: { status?: number; error?: string; body?: unknown }) => void;
  readonly timeoutMs?: number;
}

export interface RunningLocalScheduler {
  /** Calls one job now, with `scheduleTime` as Cloud Scheduler's X-CloudScheduler-ScheduleTime. */
  fire(job: SchedulerJobName, scheduleTime?: Date): Promise<void>;
  stop(): void;
}

/**
 * The local stand-in for Cloud Scheduler: croner fires each job on its cron (UTC) and POSTs to the service as
 * Cloud Scheduler would — service bearer token and the schedule time header, which is constant for a firing,
 * so the trigger's idempotency works the same way as in production.
 */
export function startLocalScheduler(options: LocalSchedulerOptions): RunningLocalScheduler {
  const call = async (job: (typeof SCHEDULER_JOBS)[number], scheduleTime: Date) => {
    try {
      const response = await fetch(`${options.serviceUrl}${job.path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.serviceToken}`,
          'x-cloudscheduler-scheduletime': scheduleTime.toISOString(),
          'content-type': 'application/json',
        },
        body: '{}',
        signal: AbortSignal.timeout(options.timeoutMs ?? 5 * 60_000),
      });
      options.report(job.name, { status: response.status, body: await response.json().catch(() => undefined) });
    } catch (error) {
      options.report(job.name, { error: error instanceof Error ? error.message : String(error) });
    }
  };
  const crons = SCHEDULER_JOBS.map(
    (job) =>
      new Cron(job.cron, { timezone: 'UTC', protect: true }, async (self: Cron) => {
        const scheduled = self.currentRun() ?? new Date();
        await call(job, new Date(Math.floor(scheduled.getTime() / 60_000) * 60_000));
      }),
  );
  return {
    fire: async (name, scheduleTime = new Date()) => {
      const job = SCHEDULER_JOBS.find((j) => j.name === name);
      if (job) await call(job, scheduleTime);
    },
    stop: () => crons.forEach((cron) => cron.stop()),
  };
}
