import type { Firestore } from '@google-cloud/firestore';
import { UsageCountersDocument } from './codecs';
import { decodeDocument } from './decode-document';
import { usageDailyPath, usageMonthlyPath, type UsageCounters } from './paths';

/** A tenant's counters of one day and one month (in its timezone); zero where nothing was counted yet. */
export interface UsageOfPeriod {
  readonly today: UsageCounters;
  readonly thisMonth: UsageCounters;
}

const counted = (document: UsageCountersDocument | undefined): UsageCounters => ({
  runs: document?.runs ?? 0,
  succeeded: document?.succeeded ?? 0,
  failed: document?.failed ?? 0,
});

/** `usage_daily/…` and `usage_monthly/…` (written by the execution gate), decoded, in one round trip. */
export async function readUsage(db: Firestore, tenantId: string, day: string, month: string): Promise<UsageOfPeriod> {
  const [daily, monthly] = await db.getAll(
    db.doc(usageDailyPath(tenantId, day)),
    db.doc(usageMonthlyPath(tenantId, month)),
  );
  if (!daily || !monthly) throw new Error('getAll returned fewer documents than asked for');
  return {
    today: counted(decodeDocument(UsageCountersDocument, daily)),
    thisMonth: counted(decodeDocument(UsageCountersDocument, monthly)),
  };
}
