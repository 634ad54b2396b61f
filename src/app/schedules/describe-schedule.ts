import { nextFireTime } from '../../domain/schedule/cron';
import type { ScheduleSpec } from '../../domain/schedule/schedule-spec';

/** A schedule as the API shows it, with its next fire time computed in the schedule's timezone. */
export function describeSchedule(tenantId: string, s: ScheduleSpec, now: Date) {
  const next = s.active ? nextFireTime(s.cron, s.timezone, now) : undefined;
  return {
    tenant_id: tenantId,
    config_id: s.configId,
    provider: s.provider,
    domain: s.domain,
    template: s.template,
    pipeline: `${s.provider}/${s.domain}/${s.template}`,
    schedule_cron: s.cron,
    timezone: s.timezone,
    priority: s.priority,
    catchup_window_minutes: s.catchupWindowMinutes,
    overlap_policy: s.overlapPolicy,
    parameters: s.parameters,
    is_active: s.active,
    next_run_time: next ? next.toISOString() : null,
  };
}
