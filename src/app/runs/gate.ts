import { FieldValue, type DocumentSnapshot, type Timestamp } from '@google-cloud/firestore';
import type { GateFacts } from '../../domain/run/commands';
import type { RunEvent } from '../../domain/run/events';
import type { InlineWrite } from '../../eventstore';
import { tenantDirectoryPath, usageDailyPath, usageMonthlyPath } from '../read-models';
import type { ServiceContext } from '../service-context';
import { dayInTimezone } from '../tenants/get-tenant';
import { concurrencyPath, type Slot } from './run-paths';

/** What the gate read, with what it needs to write back under a precondition. */
export interface GateSnapshot {
  readonly facts: GateFacts;
  readonly slots: Readonly<Record<string, Slot>>;
  /** Undefined when the tenant has no concurrency document yet (it is then created). */
  readonly slotsUpdateTime: Timestamp | undefined;
  readonly nowMs: number;
}

const liveSlots = (slots: Readonly<Record<string, Slot>>, nowMs: number) =>
  Object.fromEntries(Object.entries(slots).filter(([, slot]) => slot.expiresAt > nowMs));

/** Reads the tenant's status and limits, today's and this month's usage (in the tenant's timezone) and its live slots. */
export async function readGate(ctx: Pick<ServiceContext, 'db' | 'now'>, tenantId: string): Promise<GateSnapshot> {
  const now = ctx.now();
  // Two documents per round trip (getAll): the gate runs for every delivery.
  const [directory, concurrency] = (await ctx.db.getAll(
    ctx.db.doc(tenantDirectoryPath(tenantId)),
    ctx.db.doc(concurrencyPath(tenantId)),
  )) as [DocumentSnapshot, DocumentSnapshot];
  const timezone = String(directory.get('timezone') ?? 'UTC');
  const { day, month } = dayInTimezone(now, timezone);
  // Read after the concurrency document: any later start changes it, so its precondition catches stale counts.
  const [daily, monthly] = (await ctx.db.getAll(
    ctx.db.doc(usageDailyPath(tenantId, day)),
    ctx.db.doc(usageMonthlyPath(tenantId, month)),
  )) as [DocumentSnapshot, DocumentSnapshot];
  const slots = liveSlots((concurrency.get('slots') ?? {}) as Record<string, Slot>, now.getTime());
  const limits = directory.get('limits') as GateFacts['limits'] | undefined;
  return {
    facts: {
      tenantStatus: String(directory.get('status') ?? 'UNKNOWN'),
      limits: limits ?? { dailyRuns: 0, monthlyRuns: 0, concurrentRuns: 0 },
      runsToday: Number(daily.get('runs') ?? 0),
      runsThisMonth: Number(monthly.get('runs') ?? 0),
      runningNow: Object.keys(slots).length,
      usageDay: day,
      usageMonth: month,
    },
    slots,
    slotsUpdateTime: concurrency.exists ? concurrency.updateTime : undefined,
    nowMs: now.getTime(),
  };
}

/** The slots document rewritten whole (expired slots dropped), guarded by the update time the gate read. */
function slotsWrite(
  tenantId: string,
  snapshot: Pick<GateSnapshot, 'slotsUpdateTime'>,
  slots: Readonly<Record<string, Slot>>,
): InlineWrite {
  const path = concurrencyPath(tenantId);
  return snapshot.slotsUpdateTime
    ? { op: 'update', path, data: { slots, tenantId }, lastUpdateTime: snapshot.slotsUpdateTime }
    : { op: 'create', path, data: { slots, tenantId } };
}

/** The gate's writes for the events it decided: a slot and the usage counters for a new start; nothing otherwise. */
export function gateWrites(
  tenantId: string,
  snapshot: GateSnapshot,
  events: readonly RunEvent[],
  runId: string,
  workerId: string,
  leaseMs: number,
): InlineWrite[] {
  const started = events.find((e) => e.type === 'RunStarted');
  if (!started || started.type !== 'RunStarted') return [];
  const slots = { ...snapshot.slots, [runId]: { workerId, expiresAt: snapshot.nowMs + leaseMs } };
  const writes: InlineWrite[] = [slotsWrite(tenantId, snapshot, slots)];
  if (!started.data.resumed && started.data.attempt === 1) {
    writes.push(
      {
        op: 'set',
        path: usageDailyPath(tenantId, started.data.usageDay),
        data: { tenantId, day: started.data.usageDay, runs: FieldValue.increment(1) },
        merge: true,
      },
      {
        op: 'set',
        path: usageMonthlyPath(tenantId, started.data.usageMonth),
        data: { tenantId, month: started.data.usageMonth, runs: FieldValue.increment(1) },
        merge: true,
      },
    );
  }
  return writes;
}

/**
 * A finished (or retried, or cancelled, or timed-out) run gives its slot back and counts its outcome in its usage
 * day. The slot goes by a field delete, so no read is needed: every whole rewrite of the slots is preconditioned
 * on the update time it read, so none can bring the slot back.
 */
export function releaseWrites(
  tenantId: string,
  events: readonly RunEvent[],
  runId: string,
  usageDay: string | undefined,
): InlineWrite[] {
  const ends = events.filter(
    (e) =>
      e.type === 'RunSucceeded' ||
      e.type === 'RunFailed' ||
      e.type === 'RunTimedOut' ||
      e.type === 'RunCancelled' ||
      e.type === 'RunAttemptFailed',
  );
  if (ends.length === 0) return [];
  const writes: InlineWrite[] = [
    {
      op: 'set',
      path: concurrencyPath(tenantId),
      data: { tenantId, slots: { [runId]: FieldValue.delete() } },
      merge: true,
    },
  ];
  const outcome = ends.find((e) => e.type === 'RunSucceeded')
    ? 'succeeded'
    : ends.find((e) => e.type === 'RunFailed' || e.type === 'RunTimedOut')
      ? 'failed'
      : undefined;
  if (outcome && usageDay)
    writes.push({
      op: 'set',
      path: usageDailyPath(tenantId, usageDay),
      data: { [outcome]: FieldValue.increment(1) },
      merge: true,
    });
  return writes;
}
