import * as E from 'fp-ts/Either';
import type { PlanLimits } from '../../domain/plans';
import { monthDaysThrough } from '../../domain/usage/calendar';
import { decideUsage } from '../../domain/usage/decide';
import { usageStreamId, type UsageEvent } from '../../domain/usage/events';
import { evolveUsage, initialUsageState } from '../../domain/usage/state';
import { WrongExpectedRevision } from '../../eventstore';
import { DomainRefusal } from '../handle-tenant-command';
import { usageDailyPath } from '../read-models';
import type { Actor, ServiceContext } from '../service-context';

const ATTEMPTS = 5;

/**
 * Records `UsageDayClosed` for one tenant-local day on the tenant's usage stream of that month, with the
 * day's counters and the month's runs through that day (summed from the daily documents, so a run of the
 * following day already counted in the month does not leak in). A day already closed records nothing.
 */
export async function closeUsageDay(ctx: Pick<ServiceContext, 'store' | 'db'>, tenantId: string, day: string, limits: PlanLimits, closedAt: Date, actor: Actor): Promise<'closed' | 'already_closed'> {
  const days = monthDaysThrough(day);
  const daily = await ctx.db.getAll(...days.map((d) => ctx.db.doc(usageDailyPath(tenantId, d))));
  const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  const closing = daily.at(-1);
  const data = {
    tenantId,
    day,
    runs: count(closing?.get('runs')),
    succeeded: count(closing?.get('succeeded')),
    failed: count(closing?.get('failed')),
    monthToDate: daily.reduce((sum, doc) => sum + count(doc.get('runs')), 0),
    limits: { dailyRuns: limits.dailyRuns, monthlyRuns: limits.monthlyRuns, concurrentRuns: limits.concurrentRuns },
    closedAt: closedAt.toISOString(),
  };
  const streamId = usageStreamId(tenantId, day.slice(0, 7));
  for (let attempt = 1; ; attempt += 1) {
    const read = await ctx.store.readStream(streamId);
    const state = (read.events as unknown as readonly UsageEvent[]).reduce(evolveUsage, initialUsageState);
    const decision = decideUsage({ type: 'CloseUsageDay', data }, state);
    if (E.isLeft(decision)) throw new DomainRefusal(decision.left);
    if (decision.right.length === 0) return 'already_closed';
    try {
      await ctx.store.append(streamId, read.head.revision === 0 ? 'no_stream' : read.head, decision.right, {
        tenantId,
        actor: actor.actor,
        ...(actor.correlationId ? { correlationId: actor.correlationId } : {}),
      });
      return 'closed';
    } catch (error) {
      // A concurrent close of the same month won: decide again on the stream it wrote.
      if (!(error instanceof WrongExpectedRevision) || attempt >= ATTEMPTS) throw error;
    }
  }
}
