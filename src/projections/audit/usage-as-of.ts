import type { RunEvent } from '../../domain/run/events';
import type { UsageDayClosedData } from '../../domain/usage/events';

/** One tenant-local usage day, counted from run events. */
export interface UsageDay {
  readonly day: string;
  readonly requested: number;
  readonly started: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly rejected: number;
  readonly cancelled: number;
  /** Runs started in the day's month, from its first day through this one (what the monthly quota counts). */
  readonly month_to_date: number;
}

export interface ClosedUsageDay {
  readonly day: string;
  readonly runs: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly month_to_date: number;
  readonly limits: { readonly daily_runs: number; readonly monthly_runs: number; readonly concurrent_runs: number };
  readonly closed_at: string;
}

export interface UsageAsOf {
  /** The as-of instant's day and month in the tenant's timezone. */
  readonly today: string;
  readonly month: { readonly month: string; readonly runs: number };
  /** Every day with activity through the as-of instant, oldest first. */
  readonly days: readonly UsageDay[];
  /** Days closed by the daily reset (`UsageDayClosed`), as recorded then, oldest first. */
  readonly closed_days: readonly ClosedUsageDay[];
}

type Counter = 'requested' | 'started' | 'succeeded' | 'failed' | 'rejected' | 'cancelled';

/** The calendar day of an instant in a timezone (an unknown zone counts in UTC rather than failing the audit). */
export function localDay(instant: string, timezone: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return 'unknown';
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).formatToParts(date);
  } catch {
    return date.toISOString().slice(0, 10);
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * Usage counted the way the quota counters count it (src/app/runs/gate.ts): a run counts as started once, on
 * the usage day its first attempt started in (`RunStarted.usageDay`), and its outcome counts on that same day.
 * What never started (a rejection, a cancellation before the start) counts on the tenant-local day it happened;
 * a request counts on the day it was requested.
 */
export class UsageTally {
  private readonly days = new Map<string, Record<Counter, number>>();
  private readonly usageDayOfRun = new Map<string, string>();
  private readonly closed: ClosedUsageDay[] = [];

  /** `runId` is the run's stream, `timezone` the tenant's at the time of the event. */
  addRunEvent(runId: string, event: RunEvent, timezone: string): void {
    const usageDay = this.usageDayOfRun.get(runId);
    switch (event.type) {
      case 'RunRequested':
        return this.count(localDay(event.data.requestedAt, timezone), 'requested');
      case 'RunStarted':
        if (event.data.attempt !== 1 || event.data.resumed || usageDay !== undefined) return;
        this.usageDayOfRun.set(runId, event.data.usageDay);
        return this.count(event.data.usageDay, 'started');
      case 'RunSucceeded':
        return this.count(usageDay ?? localDay(event.data.finishedAt, timezone), 'succeeded');
      case 'RunFailed':
      case 'RunTimedOut':
        return this.count(usageDay ?? localDay(event.data.finishedAt, timezone), 'failed');
      case 'RunRejected':
        return this.count(usageDay ?? localDay(event.data.rejectedAt, timezone), 'rejected');
      case 'RunCancelled':
        return this.count(usageDay ?? localDay(event.data.cancelledAt, timezone), 'cancelled');
      default:
        return;
    }
  }

  addClosedDay(data: UsageDayClosedData): void {
    const { limits } = data;
    this.closed.push({
      day: data.day,
      runs: data.runs,
      succeeded: data.succeeded,
      failed: data.failed,
      month_to_date: data.monthToDate,
      limits: {
        daily_runs: limits.dailyRuns,
        monthly_runs: limits.monthlyRuns,
        concurrent_runs: limits.concurrentRuns,
      },
      closed_at: data.closedAt,
    });
  }

  /** The usage as of an instant whose tenant-local day is `today`. */
  result(today: string): UsageAsOf {
    const monthToDate = new Map<string, number>();
    const days = [...this.days.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([day, counts]): UsageDay => {
        const month = day.slice(0, 7);
        const running = (monthToDate.get(month) ?? 0) + counts.started;
        monthToDate.set(month, running);
        return { day, ...counts, month_to_date: running };
      });
    const month = today.slice(0, 7);
    const runsThisMonth = days
      .filter((d) => d.day.slice(0, 7) === month && d.day <= today)
      .reduce((sum, d) => sum + d.started, 0);
    const closed = [...this.closed].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    return { today, month: { month, runs: runsThisMonth }, days, closed_days: closed };
  }

  private count(day: string, counter: Counter): void {
    const counts = this.days.get(day) ?? {
      requested: 0,
      started: 0,
      succeeded: 0,
      failed: 0,
      rejected: 0,
      cancelled: 0,
    };
    counts[counter] += 1;
    this.days.set(day, counts);
  }
}
