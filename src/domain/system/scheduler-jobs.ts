/**
 * The three Cloud Scheduler jobs of a deployment: the local clock fires them, and deploy/terraform declares
 * them with the same names, paths and crons (UTC); tests/deploy/terraform.test.ts checks that the two agree.
 */
export const SCHEDULER_JOBS = [
  { name: 'trigger', cron: '0 * * * *', path: '/api/v1/scheduler/trigger' },
  { name: 'process-queue', cron: '*/5 * * * *', path: '/api/v1/scheduler/process-queue' },
  { name: 'reset-daily-quotas', cron: '0 0 * * *', path: '/api/v1/scheduler/reset-daily-quotas' },
] as const;

export type SchedulerJobName = (typeof SCHEDULER_JOBS)[number]['name'];
