import { nextFireTime } from '../../domain/schedule/cron';
import { evolveTenant, initialTenantState } from '../../domain/tenant/state';
import type { TenantEvent } from '../../domain/tenant/events';
import { tenantStreamId } from '../../domain/streams';
import type { RecordedEvent } from '../../eventstore';
import { redactSecrets } from '../../security';
import type { Row } from '../../warehouse/warehouse';
import { tenantPipelineConfigs } from '../../warehouse/tables/central/tenant-pipeline-configs';
import type { DerivedKey, DerivedProjection, DerivedSource } from '../projection';
import { isRunStream, isTenantStream, runEventOf, tenantEventOf, timestamp } from './domain-events';
import {
  canFire,
  evolveSchedules,
  initialTenantSchedules,
  isLifecycleChange,
  LIFECYCLE_EVENT_TYPES,
  presentSchedules,
  SCHEDULE_EVENT_TYPES,
  type EventMark,
  type TenantSchedules,
} from './schedule-settings';
import { laterMark, number, text } from './query-values';

/**
 * The keys an event changes: a schedule event its schedule; a lifecycle change every schedule the tenant has;
 * any event of a run stream that stands for a fire time of a schedule (requested, missed or skipped) that
 * schedule — its last fire, last run status and version all come from those runs.
 */
function touches(event: RecordedEvent, streamEvents: readonly RecordedEvent[]): readonly DerivedKey[] {
  const key = (configId: string): DerivedKey => ({ tenantId: event.tenantId, key: configId });
  if (isTenantStream(event.streamId)) {
    const tenantEvent = tenantEventOf(event);
    if (!tenantEvent) return [];
    if (tenantEvent.type === 'ScheduleCreated' || tenantEvent.type === 'ScheduleUpdated')
      return [key(tenantEvent.data.schedule.configId)];
    if (tenantEvent.type === 'ScheduleDeleted') return [key(tenantEvent.data.configId)];
    if (!isLifecycleChange(tenantEvent)) return [];
    const state = streamEvents.reduce((s, e) => {
      const te = tenantEventOf(e);
      return te ? evolveTenant(s, te) : s;
    }, initialTenantState);
    return presentSchedules(state).map(key);
  }
  if (!isRunStream(event.streamId) || !streamEvents[0]) return [];
  const first = runEventOf(streamEvents[0]);
  if (first?.type === 'RunRequested')
    return first.data.trigger === 'schedule' && first.data.configId !== null ? [key(first.data.configId)] : [];
  if (first?.type === 'RunMissed' || first?.type === 'RunSkipped') return [key(first.data.configId)];
  return [];
}

/**
 * One statement: the tenants' schedule and lifecycle events from tenant_event_log, and per schedule its latest
 * fire time, latest requested run (with the run's status), the fire whose row changed last, and the sum of its
 * runs' source_revision (a missed or skipped fire time counts its own row's).
 */
const configSql = (dataset: string): string => `
WITH fires AS (
  SELECT s.tenant_id, s.schedule_id, s.run_id, s.scheduled_time, s.outcome, r.status AS run_status,
    IFNULL(r.source_revision, s.source_revision) AS revision,
    IFNULL(r.source_stream_id, s.source_stream_id) AS stream_id,
    IFNULL(r.source_event_id, s.source_event_id) AS event_id,
    IFNULL(r.updated_at, s.updated_at) AS changed_at
  FROM \`${dataset}.tenant_scheduled_pipeline_runs\` AS s
  LEFT JOIN \`${dataset}.tenant_pipeline_runs\` AS r ON r.tenant_id = s.tenant_id AND r.run_id = s.run_id
  WHERE s.tenant_id IN UNNEST(@tenants) AND s.schedule_id IN UNNEST(@schedules)
),
ranked AS (
  SELECT *,
    ROW_NUMBER() OVER (PARTITION BY tenant_id, schedule_id ORDER BY scheduled_time DESC, run_id DESC) AS fire_rank,
    ROW_NUMBER() OVER (PARTITION BY tenant_id, schedule_id, outcome ORDER BY scheduled_time DESC, run_id DESC) AS outcome_rank,
    ROW_NUMBER() OVER (PARTITION BY tenant_id, schedule_id ORDER BY changed_at DESC, stream_id DESC, event_id DESC) AS update_rank,
    SUM(revision) OVER (PARTITION BY tenant_id, schedule_id) AS revisions
  FROM fires
)
SELECT 'fire' AS kind, tenant_id, schedule_id, run_id, scheduled_time, outcome, run_status, revisions, stream_id, event_id, changed_at,
  fire_rank = 1 AS last_fire, outcome = 'REQUESTED' AND outcome_rank = 1 AS last_request, update_rank = 1 AS last_update,
  CAST(NULL AS STRING) AS event_type, CAST(NULL AS INT64) AS revision, CAST(NULL AS STRING) AS data
FROM ranked
WHERE fire_rank = 1 OR (outcome = 'REQUESTED' AND outcome_rank = 1) OR update_rank = 1
UNION ALL
SELECT 'event', tenant_id, NULL, NULL, NULL, NULL, NULL, NULL, stream_id, event_id, recorded_at, NULL, NULL, NULL, event_type, revision, TO_JSON_STRING(data)
FROM \`${dataset}.tenant_event_log\`
WHERE tenant_id IN UNNEST(@tenants) AND stream_id IN UNNEST(@streams) AND event_type IN UNNEST(@types)`;

interface Fires {
  revisions: number;
  lastFire?: Row;
  lastRequest?: Row;
  lastUpdate?: Row;
}

/** Folds each tenant's events (in revision order) into its schedules' settings. */
function settingsByTenant(rows: readonly Row[]): Map<string, TenantSchedules> {
  const events = rows.filter((row) => row.kind === 'event').sort((a, b) => number(a.revision) - number(b.revision));
  const tenants = new Map<string, TenantSchedules>();
  for (const row of events) {
    const tenantId = text(row.tenant_id);
    const event = { type: text(row.event_type), data: JSON.parse(text(row.data)) as unknown } as TenantEvent;
    const mark: EventMark = {
      revision: number(row.revision),
      streamId: text(row.stream_id),
      eventId: text(row.event_id),
      recordedAt: text(row.changed_at),
    };
    tenants.set(tenantId, evolveSchedules(tenants.get(tenantId) ?? initialTenantSchedules, event, mark));
  }
  return tenants;
}

function firesBySchedule(rows: readonly Row[]): Map<string, Fires> {
  const fires = new Map<string, Fires>();
  for (const row of rows.filter((r) => r.kind === 'fire')) {
    const key = `${text(row.tenant_id)}\u0000${text(row.schedule_id)}`;
    const entry = fires.get(key) ?? { revisions: number(row.revisions) };
    if (row.last_fire === true) entry.lastFire = row;
    if (row.last_request === true) entry.lastRequest = row;
    if (row.last_update === true) entry.lastUpdate = row;
    fires.set(key, entry);
  }
  return fires;
}

/** next_run_at as the trigger's index has it: the first fire time after the later of the last change and the last fire. */
function nextRun(cron: string, timezone: string, changedAt: string, lastFire: string | null): string | null {
  const base = Math.max(Date.parse(changedAt), lastFire === null ? -Infinity : Date.parse(lastFire));
  try {
    return nextFireTime(cron, timezone, new Date(base))?.toISOString() ?? null;
  } catch {
    return null; // a cron the service no longer accepts never fires
  }
}

async function compute(keys: readonly DerivedKey[], source: DerivedSource): Promise<readonly Row[]> {
  const tenants = [...new Set(keys.map((k) => k.tenantId))];
  const rows = await source.query(
    configSql(source.dataset),
    {
      tenants,
      schedules: [...new Set(keys.map((k) => k.key))],
      streams: tenants.map(tenantStreamId),
      types: [...SCHEDULE_EVENT_TYPES, ...LIFECYCLE_EVENT_TYPES],
    },
    { tenants: ['STRING'], schedules: ['STRING'], streams: ['STRING'], types: ['STRING'] },
  );
  const settings = settingsByTenant(rows);
  const fires = firesBySchedule(rows);
  const out: Row[] = [];
  for (const { tenantId, key: scheduleId } of keys) {
    const state = settings.get(tenantId);
    const schedule = state?.schedules.get(scheduleId);
    if (!state || !schedule) continue;
    const fire = fires.get(`${tenantId}\u0000${scheduleId}`) ?? { revisions: 0 };
    const spec = schedule.spec;
    const lastFireAt = fire.lastFire ? text(fire.lastFire.scheduled_time) : null;
    const latest = laterMark(
      schedule.last,
      fire.lastUpdate
        ? {
            revision: 0,
            streamId: text(fire.lastUpdate.stream_id),
            eventId: text(fire.lastUpdate.event_id),
            recordedAt: text(fire.lastUpdate.changed_at),
          }
        : undefined,
    );
    out.push({
      tenant_id: tenantId,
      schedule_id: scheduleId,
      pipeline_id: `${spec.provider}/${spec.domain}/${spec.template}`,
      cron: spec.cron,
      timezone: spec.timezone,
      active: spec.active && schedule.deletedAt === null,
      priority: spec.priority,
      overlap_policy: spec.overlapPolicy,
      catch_up_window_minutes: spec.catchupWindowMinutes,
      parameters: redactSecrets(spec.parameters),
      next_run_at: canFire(state, schedule) ? nextRun(spec.cron, spec.timezone, schedule.changedAt, lastFireAt) : null,
      last_fire_at: lastFireAt,
      last_run_at: fire.lastRequest ? text(fire.lastRequest.scheduled_time) : null,
      last_run_id: fire.lastRequest ? text(fire.lastRequest.run_id) : null,
      last_run_status:
        fire.lastRequest?.run_status === null || fire.lastRequest?.run_status === undefined
          ? null
          : text(fire.lastRequest.run_status),
      created_at: timestamp(schedule.createdAt),
      deleted_at: schedule.deletedAt === null ? null : timestamp(schedule.deletedAt),
      source_revision: schedule.last.revision + fire.revisions,
      source_stream_id: latest.streamId,
      source_event_id: latest.eventId,
      updated_at: latest.recordedAt,
    });
  }
  return out;
}

/** tenant_pipeline_configs: each schedule's settings with its next and last run, recomputed per touched schedule. */
export const tenantPipelineConfigsProjection: DerivedProjection = {
  kind: 'derived',
  table: tenantPipelineConfigs,
  touches,
  compute,
};
