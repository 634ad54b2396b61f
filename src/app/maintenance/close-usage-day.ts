import type { PlanLimits } from '../../domain/plans';
import { monthDaysThrough } from '../../domain/usage/calendar';
import { decideUsage } from '../../domain/usage/decide';
import { usageEventCodecs, usageStreamId } from '../../domain/usage/events';
import { evolveUsage, initialUsageState } from '../../domain/usage/state';
import { decideAndAppend, eventTypesOf } from '../decide-and-append';
import { decodeDocument, usageDailyPath, UsageCountersDocument } from '../read-models';
import type { Actor, ServiceContext } from '../service-context';

/**
 * Records `UsageDayClosed` for one tenant-local day on the tenant's usage stream of that month, with the
 * day's counters and the month's runs through that day (summed from the daily documents, so a run of the
 * following day already counted in the month does not leak in). A day already closed records nothing.
 */
export async function closeUsageDay(
  ctx: Pick<ServiceContext, 'store' | 'db'>,
  tenantId: string,
  day: string,
  limits: PlanLimits,
  closedAt: Date,
  actor: Actor,
): Promise<'closed' | 'already_closed'> {
  const days = monthDaysThrough(day);
  const daily = (await ctx.db.getAll(...days.map((d) => ctx.db.doc(usageDailyPath(tenantId, d))))).map((doc) =>
    decodeDocument(UsageCountersDocument, doc),
  );
  const closing = daily.at(-1);
  const data = {
    tenantId,
    day,
    runs: closing?.runs ?? 0,
    succeeded: closing?.succeeded ?? 0,
    failed: closing?.failed ?? 0,
    monthToDate: daily.reduce((sum, counters) => sum + (counters?.runs ?? 0), 0),
    limits: { dailyRuns: limits.dailyRuns, monthlyRuns: limits.monthlyRuns, concurrentRuns: limits.concurrentRuns },
    closedAt: closedAt.toISOString(),
  };
  const result = await decideAndAppend(
    ctx.store,
    { streamId: usageStreamId(tenantId, day.slice(0, 7)), tenantId },
    {
      eventTypes: eventTypesOf(usageEventCodecs),
      decide: decideUsage,
      evolve: evolveUsage,
      initialState: initialUsageState,
    },
    () => ({ command: { type: 'CloseUsageDay' as const, data } }),
    actor,
  );
  return result.events.length > 0 ? 'closed' : 'already_closed';
}
