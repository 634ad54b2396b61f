/**
 * Run ids are derived, never random, where a retry could repeat the request: a scheduled run's id is a
 * function of (tenant, schedule, fire time), so the same tick delivered twice names the same run stream.
 */
const compactUtc = (iso: string): string => iso.replace(/[-:]/g, '').replace(/\.\d+/, '').replace(/00Z$/, 'Z');

export function scheduledRunId(tenantId: string, configId: string, fireTime: Date): string {
  return `${tenantId}--${configId}--${compactUtc(fireTime.toISOString())}`;
}

/** Manual runs: the caller's idempotency key when given (retries then name the same run), else a fresh token. */
export function manualRunId(tenantId: string, token: string): string {
  return `${tenantId}--manual--${token}`;
}

/** Each dispatch of a run (first, after a deferral, a retry or a recovery) is a new task; a repeat of one is not. */
export function runTaskName(runId: string, generation: number): string {
  return `${runId}-g${generation}`;
}

/** The tenant a run id names (every run id starts with its tenant's id, which holds no `--`). */
export function tenantOfRunId(runId: string): string {
  return runId.slice(0, runId.indexOf('--'));
}

export const RUN_ID_PATTERN = /^[a-z0-9_]{3,50}--[a-z0-9_-]{1,70}--[A-Za-z0-9_-]{1,40}$/;
