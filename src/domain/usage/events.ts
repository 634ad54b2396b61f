import * as t from 'io-ts';
import { PlanLimitsCodec } from '../plans';

/**
 * The usage aggregate: one event per tenant and closed usage day, a snapshot of that day's counters taken
 * once the day is over in the tenant's timezone. The counters themselves live in per-day documents
 * (`usage_daily`), so closing a day zeroes nothing: the next day simply has its own document.
 */
export const usageEventCodecs = {
  UsageDayClosed: t.readonly(
    t.type({
      tenantId: t.string,
      /** The tenant-local calendar day, YYYY-MM-DD. */
      day: t.string,
      runs: t.number,
      succeeded: t.number,
      failed: t.number,
      /** Runs of the month from its first day through `day`. */
      monthToDate: t.number,
      limits: PlanLimitsCodec,
      closedAt: t.string,
    }),
  ),
} as const;

type Codecs = typeof usageEventCodecs;
export type UsageEventType = keyof Codecs;
export type UsageEvent = {
  [K in UsageEventType]: { readonly type: K; readonly data: t.TypeOf<Codecs[K]> };
}[UsageEventType];
export type UsageDayClosedData = t.TypeOf<Codecs['UsageDayClosed']>;

/**
 * One stream per tenant and month (`usage-{tenantId}-{YYYY-MM}`): at most 31 events, so deciding a close
 * folds a short stream however long the tenant has existed.
 */
export function usageStreamId(tenantId: string, month: string): string {
  return `usage-${tenantId}-${month}`;
}
