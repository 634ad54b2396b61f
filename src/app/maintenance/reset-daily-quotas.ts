import { FieldPath } from '@google-cloud/firestore';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { PlanLimitsCodec } from '../../domain/plans';
import { dayInTimezone, previousDay } from '../../domain/usage/calendar';
import { mapWithConcurrency } from '../../shared/map-with-concurrency';
import { TENANT_DIRECTORY } from '../read-models';
import type { Actor, ServiceContext } from '../service-context';
import { closeUsageDay } from './close-usage-day';

export interface ResetDailyQuotasReport {
  /** The day closed for tenants on UTC (each tenant closes its own yesterday, in its timezone). */
  readonly date: string;
  readonly tick: string;
  readonly tenants_closed: number;
  readonly already_closed: number;
  /** Deleted tenants and directory entries that do not decode: nothing to close. */
  readonly skipped: number;
  readonly failures: readonly { readonly tenant_id: string; readonly code: string }[];
  readonly duration_ms: number;
}

const DirectoryEntry = t.type({ status: t.string, timezone: t.string, limits: PlanLimitsCodec });
const PAGE = 300;

/**
 * Closes the previous usage day of every tenant: "yesterday" relative to the tick (Cloud Scheduler's
 * schedule time, constant across its retries), in the tenant's timezone. Nothing is zeroed — the quota
 * counters are per-day documents (`usage_daily/{tenant}__{day}`), so a new day starts from its own empty
 * document; closing records the finished day's counters as a `UsageDayClosed` event. Run it hourly: each
 * tenant's day is then closed within an hour of its local midnight, and the repeats record nothing.
 */
export async function resetDailyQuotas(
  ctx: ServiceContext,
  tick: Date,
  actor: Actor,
  parallelism = 16,
): Promise<ResetDailyQuotasReport> {
  const started = Date.now();
  const tally = { tenants_closed: 0, already_closed: 0, skipped: 0 };
  const failures: { tenant_id: string; code: string }[] = [];
  let after: string | undefined;
  for (;;) {
    let query = ctx.db.collection(TENANT_DIRECTORY).orderBy(FieldPath.documentId()).limit(PAGE);
    if (after !== undefined) query = query.startAfter(after);
    const page = await query.get();
    await mapWithConcurrency(page.docs, parallelism, async (doc) => {
      const entry = DirectoryEntry.decode(doc.data());
      if (E.isLeft(entry) || entry.right.status === 'DELETED') {
        tally.skipped += 1;
        return;
      }
      try {
        const day = previousDay(dayInTimezone(tick, entry.right.timezone).day);
        const outcome = await closeUsageDay(ctx, doc.id, day, entry.right.limits, ctx.now(), actor);
        tally[outcome === 'closed' ? 'tenants_closed' : 'already_closed'] += 1;
      } catch (error) {
        const code = (error as { code?: unknown } | undefined)?.code;
        failures.push({ tenant_id: doc.id, code: typeof code === 'string' ? code : 'INTERNAL' });
      }
    });
    if (page.docs.length < PAGE) break;
    after = page.docs.at(-1)?.id;
  }
  return {
    date: previousDay(tick.toISOString().slice(0, 10)),
    tick: tick.toISOString(),
    ...tally,
    failures: failures.slice(0, 50),
    duration_ms: Date.now() - started,
  };
}
