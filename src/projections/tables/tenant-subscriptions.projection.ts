import type { PlanLimits } from '../../domain/plans';
import type { RecordedEvent } from '../../eventstore';
import type { Row } from '../../warehouse/warehouse';
import { tenantSubscriptions } from '../../warehouse/tables/central/tenant-subscriptions';
import type { StreamProjection } from '../projection';
import { isTenantStream, nullableTimestamp, tenantEventOf, timestamp } from './domain-events';
import { foldRows } from './fold-rows';

interface Period {
  readonly tenantId: string;
  /** `{tenant}-{revision}` of the event that started the period: stable under replay. */
  readonly subscriptionId: string;
  readonly plan: string;
  readonly limits: PlanLimits;
  readonly startedAt: string;
  readonly startedBy: string;
  readonly status: 'ACTIVE' | 'ENDED' | 'CANCELLED';
  readonly endedAt: string | null;
}

type Periods = readonly Period[];

const end = (periods: Periods, status: 'ENDED' | 'CANCELLED', at: string): Periods =>
  periods.map((period) => (period.status === 'ACTIVE' ? { ...period, status, endedAt: at } : period));

function evolve(periods: Periods, recorded: RecordedEvent): Periods {
  const event = tenantEventOf(recorded);
  const start = (plan: string, limits: PlanLimits, at: string): Period => ({
    tenantId: recorded.tenantId,
    subscriptionId: `${recorded.tenantId}-${recorded.revision}`,
    plan,
    limits,
    startedAt: at,
    startedBy: recorded.meta.actor,
    status: 'ACTIVE',
    endedAt: null,
  });
  switch (event?.type) {
    case 'TenantOnboarded':
      return periods.length > 0 ? periods : [start(event.data.plan, event.data.limits, event.data.onboardedAt)];
    case 'PlanChanged':
      return [
        ...end(periods, 'ENDED', event.data.changedAt),
        start(event.data.to, event.data.limits, event.data.changedAt),
      ];
    case 'TenantOffboarded':
      return end(periods, 'CANCELLED', event.data.offboardedAt);
    default:
      return periods;
  }
}

function* view(periods: Periods): Iterable<readonly [string, Row]> {
  for (const period of periods) {
    yield [
      period.subscriptionId,
      {
        tenant_id: period.tenantId,
        subscription_id: period.subscriptionId,
        plan: period.plan,
        status: period.status,
        daily_run_limit: period.limits.dailyRuns,
        monthly_run_limit: period.limits.monthlyRuns,
        concurrent_run_limit: period.limits.concurrentRuns,
        started_at: timestamp(period.startedAt),
        ended_at: nullableTimestamp(period.endedAt),
        changed_by: period.startedBy,
      },
    ];
  }
}

/** tenant_subscriptions: one row per plan period; a plan change ends the current one and starts the next. */
export const tenantSubscriptionsProjection: StreamProjection = {
  kind: 'stream',
  table: tenantSubscriptions,
  accepts: isTenantStream,
  rows: (events) => foldRows<Periods>(events, [], evolve, view),
};
