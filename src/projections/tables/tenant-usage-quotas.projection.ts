import type { RecordedEvent } from '../../eventstore';
import { usageStreamId } from '../../domain/usage/events';
import type { Row } from '../../warehouse/warehouse';
import { tenantUsageQuotas } from '../../warehouse/tables/central/tenant-usage-quotas';
import type { DerivedKey, DerivedProjection, DerivedSource } from '../projection';
import { isRunStream, isTenantStream, isUsageStream, runEventOf, tenantEventOf, usageEventOf } from './domain-events';
import { laterMark, number, text } from './query-values';
import type { EventMark } from './schedule-settings';
import { concurrencyPeak, daysAround, firstOfMonth, nextDay, restOfMonth } from './usage-facts';

/**
 * The usage days an event changes. Every event of a run that has started changes its day's row (the run's
 * row, hence the day's version and latest event), and its first start also the month-to-date of the rest
 * of that month; a rejection or deferral changes the tenant-local day of its time — only the UTC time is in
 * the event, so the days around it; a close its day; a plan change the days around it.
 */
function touches(event: RecordedEvent, streamEvents: readonly RecordedEvent[]): readonly DerivedKey[] {
  const keys = (days: readonly string[]): DerivedKey[] => days.map((day) => ({ tenantId: event.tenantId, key: day }));
  if (isUsageStream(event.streamId)) {
    const usage = usageEventOf(event);
    return usage?.type === 'UsageDayClosed' ? keys([usage.data.day]) : [];
  }
  if (isTenantStream(event.streamId)) {
    const tenant = tenantEventOf(event);
    return tenant?.type === 'PlanChanged' ? keys(daysAround(tenant.data.changedAt)) : [];
  }
  if (!isRunStream(event.streamId)) return [];
  const run = runEventOf(event);
  const days: string[] = [];
  const firstStart = streamEvents.find((e) => e.type === 'RunStarted');
  const start = firstStart ? runEventOf(firstStart) : undefined;
  if (firstStart && start?.type === 'RunStarted')
    days.push(...(firstStart.revision === event.revision ? restOfMonth(start.data.usageDay) : [start.data.usageDay]));
  if (run?.type === 'RunRejected') days.push(...daysAround(run.data.rejectedAt));
  if (run?.type === 'RunDeferred') days.push(...daysAround(run.data.deferredAt));
  return keys([...new Set(days)]);
}

/**
 * One statement, facts of five kinds: the runs of the wanted days (a run's day is its usage day, or for a run
 * rejected before it started the local day of its rejection), the month-to-date starts per wanted day, the
 * deferrals and closes from tenant_event_log, and the tenants' plan periods with their local start day.
 */
const usageSql = (dataset: string): string => `
WITH zones AS (
  SELECT tenant_id, IFNULL(timezone, 'UTC') AS tz FROM \`${dataset}.tenant_profiles\` WHERE tenant_id IN UNNEST(@tenants)
),
runs AS (
  SELECT r.tenant_id, IFNULL(r.usage_date, DATE(r.finished_at, IFNULL(z.tz, 'UTC'))) AS day, r.status, r.started_at, r.finished_at,
    r.source_revision, r.source_stream_id, r.source_event_id, r.updated_at
  FROM \`${dataset}.tenant_pipeline_runs\` AS r LEFT JOIN zones AS z ON z.tenant_id = r.tenant_id
  WHERE r.tenant_id IN UNNEST(@tenants) AND (r.usage_date IS NOT NULL OR r.status = 'REJECTED')
),
in_range AS (
  SELECT * FROM runs WHERE day BETWEEN @first_day AND @last_day
)
SELECT 'run' AS kind, tenant_id, day, status, started_at, finished_at, source_revision AS revision, source_stream_id AS stream_id,
  source_event_id AS event_id, updated_at AS changed_at, CAST(NULL AS INT64) AS n, CAST(NULL AS STRING) AS plan,
  CAST(NULL AS INT64) AS daily_limit, CAST(NULL AS INT64) AS monthly_limit, CAST(NULL AS INT64) AS concurrent_limit
FROM in_range WHERE day IN UNNEST(@days)
UNION ALL
SELECT 'month', r.tenant_id, w, NULL, NULL, NULL, NULL, NULL, NULL, NULL, COUNT(*), NULL, NULL, NULL, NULL
FROM in_range AS r JOIN UNNEST(@days) AS w ON r.day BETWEEN DATE_TRUNC(w, MONTH) AND w
WHERE r.started_at IS NOT NULL
GROUP BY r.tenant_id, w
UNION ALL
SELECT 'deferral', e.tenant_id, DATE(TIMESTAMP(JSON_VALUE(e.data, '$.deferredAt')), IFNULL(z.tz, 'UTC')), NULL, NULL, NULL,
  e.revision, e.stream_id, e.event_id, e.recorded_at, NULL, NULL, NULL, NULL, NULL
FROM \`${dataset}.tenant_event_log\` AS e LEFT JOIN zones AS z ON z.tenant_id = e.tenant_id
WHERE e.tenant_id IN UNNEST(@tenants) AND e.event_type = 'RunDeferred' AND e.recorded_at BETWEEN @from_time AND @to_time
UNION ALL
SELECT 'closed', e.tenant_id, CAST(JSON_VALUE(e.data, '$.day') AS DATE), NULL, NULL, TIMESTAMP(JSON_VALUE(e.data, '$.closedAt')),
  e.revision, e.stream_id, e.event_id, e.recorded_at, NULL, NULL, NULL, NULL, NULL
FROM \`${dataset}.tenant_event_log\` AS e
WHERE e.tenant_id IN UNNEST(@tenants) AND e.stream_id IN UNNEST(@usage_streams) AND e.event_type = 'UsageDayClosed'
UNION ALL
SELECT 'plan', s.tenant_id, DATE(s.started_at, IFNULL(z.tz, 'UTC')), NULL, s.started_at, NULL, NULL, NULL, s.subscription_id, NULL, NULL,
  s.plan, s.daily_run_limit, s.monthly_run_limit, s.concurrent_run_limit
FROM \`${dataset}.tenant_subscriptions\` AS s LEFT JOIN zones AS z ON z.tenant_id = s.tenant_id
WHERE s.tenant_id IN UNNEST(@tenants)`;

const markOf = (row: Row): EventMark => ({
  revision: number(row.revision),
  streamId: text(row.stream_id),
  eventId: text(row.event_id),
  recordedAt: text(row.changed_at),
});

/** The plan period in force on `day`: the latest started on or before it (the first one for a day before any). */
function planOn(plans: readonly Row[], day: string): { plan: Row; started: number } | undefined {
  const started = plans.filter((p) => text(p.day) <= day);
  const plan = started.at(-1) ?? plans[0];
  return plan ? { plan, started: started.length } : undefined;
}

function usageRow(tenantId: string, day: string, facts: readonly Row[]): Row | undefined {
  const of = (kind: string) => facts.filter((f) => f.kind === kind && text(f.day) === day);
  const runs = of('run');
  const deferrals = of('deferral');
  const closed = of('closed')[0];
  if (runs.length === 0 && deferrals.length === 0 && !closed) return undefined;
  const plans = facts
    .filter((f) => f.kind === 'plan')
    .sort(
      (a, b) =>
        text(a.day).localeCompare(text(b.day)) ||
        text(a.started_at).localeCompare(text(b.started_at)) ||
        text(a.event_id).localeCompare(text(b.event_id)),
    );
  const inForce = planOn(plans, day);
  if (!inForce) return undefined;
  const status = (...statuses: string[]) => runs.filter((r) => statuses.includes(text(r.status))).length;
  const started = runs.filter((r) => r.started_at !== null);
  const monthToDate = of('month').reduce((sum, f) => sum + number(f.n), 0);
  const latest = [...runs, ...deferrals, ...(closed ? [closed] : [])].map(markOf).reduce((a, b) => laterMark(a, b));
  const revisions = runs.reduce((sum, r) => sum + number(r.revision), 0);
  return {
    tenant_id: tenantId,
    usage_date: day,
    plan: text(inForce.plan.plan),
    runs_started: started.length,
    runs_succeeded: status('SUCCEEDED'),
    runs_failed: status('FAILED', 'TIMED_OUT'),
    runs_cancelled: started.filter((r) => r.status === 'CANCELLED').length,
    runs_rejected: status('REJECTED'),
    runs_deferred: deferrals.length,
    month_to_date_runs: monthToDate,
    concurrency_peak: concurrencyPeak(
      started.map((r) => ({
        start: Date.parse(text(r.started_at)),
        end: r.finished_at === null ? null : Date.parse(text(r.finished_at)),
      })),
    ),
    daily_run_limit: number(inForce.plan.daily_limit),
    monthly_run_limit: number(inForce.plan.monthly_limit),
    concurrent_run_limit: number(inForce.plan.concurrent_limit),
    day_closed: closed !== undefined,
    closed_at: closed ? text(closed.finished_at) : null,
    source_revision: revisions + deferrals.length + (closed ? 1 : 0) + monthToDate + inForce.started,
    source_stream_id: latest.streamId,
    source_event_id: latest.eventId,
    updated_at: latest.recordedAt,
  };
}

async function compute(keys: readonly DerivedKey[], source: DerivedSource): Promise<readonly Row[]> {
  const tenants = [...new Set(keys.map((k) => k.tenantId))];
  const days = [...new Set(keys.map((k) => k.key))].sort();
  const first = days[0];
  const last = days.at(-1);
  if (!first || !last) return [];
  const months = [...new Set(days.map((d) => d.slice(0, 7)))];
  const facts = await source.query(
    usageSql(source.dataset),
    {
      tenants,
      days,
      first_day: firstOfMonth(first),
      last_day: last,
      // A deferral's local day is within a day of its UTC time: this window holds every one of the wanted days.
      from_time: `${daysAround(`${first}T00:00:00Z`)[0]}T00:00:00Z`,
      to_time: `${nextDay(nextDay(last))}T00:00:00Z`,
      usage_streams: tenants.flatMap((tenant) => months.map((month) => usageStreamId(tenant, month))),
    },
    {
      tenants: ['STRING'],
      days: ['DATE'],
      first_day: 'DATE',
      last_day: 'DATE',
      from_time: 'TIMESTAMP',
      to_time: 'TIMESTAMP',
      usage_streams: ['STRING'],
    },
  );
  const byTenant = new Map<string, Row[]>();
  for (const fact of facts) byTenant.set(text(fact.tenant_id), [...(byTenant.get(text(fact.tenant_id)) ?? []), fact]);
  return keys.flatMap(({ tenantId, key }): Row[] => {
    const row = usageRow(tenantId, key, byTenant.get(tenantId) ?? []);
    return row ? [row] : [];
  });
}

/** tenant_usage_quotas: per tenant and usage day, recomputed from the projected runs, deferrals, closes and plans. */
export const tenantUsageQuotasProjection: DerivedProjection = {
  kind: 'derived',
  table: tenantUsageQuotas,
  touches,
  compute,
};
