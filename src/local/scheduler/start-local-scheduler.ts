import { Cron } from 'croner';

/** The three Cloud Scheduler jobs of a deployment, as the local clock fires them. */
export const SCHEDULER_JOBS = [
  { name: 'trigger', cron: '0 * * * *', path: '/api/v1/scheduler/trigger' },
  { name: 'process-queue', cron: '*/5 * * * *', path: '/api/v1/scheduler/process-queue' },
  { name: 'reset-daily-quotas', cron: '0 0 * * *', path: '/api/v1/scheduler/reset-daily-quotas' },
] as const;

export interface LocalSchedulerOptions {
  readonly serviceUrl: string;
  readonly serviceToken: string;
  /** Where each call's outcome is reported (the service's logger). */
  readonly report: (job: string, outcome: { status?: number; error?: string; body?: unknown }) => void;
  readonly timeoutMs?: number;
}

export interface RunningLocalScheduler {
  /** Calls one job now, with `scheduleTime` as Cloud Scheduler's X-CloudScheduler-ScheduleTime. */
  fire(job: (typeof SCHEDULER_JOBS)[number]['name'], scheduleTime?: Date): Promise<void>;
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
        headers: { authorization: `Bearer ${options.serviceToken}`, 'x-cloudscheduler-scheduletime': scheduleTime.toISOString(), 'content-type': 'application/json' },
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
