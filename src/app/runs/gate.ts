import { FieldValue, type DocumentSnapshot, type Timestamp } from '@google-cloud/firestore';
import type { GateFacts } from '../../domain/run/commands';
import type { RunEvent } from '../../domain/run/events';
import type { InlineWrite } from '../../eventstore';
import {
  ConcurrencyDocument,
  decodeDocument,
  readUsage,
  TenantDirectoryEntry,
  tenantDirectoryPath,
  usageDailyPath,
  usageMonthlyPath,
} from '../read-models';
import type { ServiceContext } from '../service-context';
import { dayInTimezone } from '../../domain/usage/calendar';
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
  const [directoryDoc, concurrencyDoc] = (await ctx.db.getAll(
    ctx.db.doc(tenantDirectoryPath(tenantId)),
    ctx.db.doc(concurrencyPath(tenantId)),
  )) as [DocumentSnapshot, DocumentSnapshot];
  const directory = decodeDocument(TenantDirectoryEntry, directoryDoc);
  const { day, month } = dayInTimezone(now, directory?.timezone ?? 'UTC');
  // Read after the concurrency document: any later start changes it, so its precondition catches stale counts.
  const usage = await readUsage(ctx.db, tenantId, day, month);
  const slots = liveSlots(decodeDocument(ConcurrencyDocument, concurrencyDoc)?.slots ?? {}, now.getTime());
  return {
    facts: {
      // No directory entry: the tenant is unknown, and the decider refuses it as not active.
      tenantStatus: directory?.status ?? 'UNKNOWN',
      limits: directory?.limits ?? { dailyRuns: 0, monthlyRuns: 0, concurrentRuns: 0 },
      runsToday: usage.today.runs,
      runsThisMonth: usage.thisMonth.runs,
      runningNow: Object.keys(slots).length,
      usageDay: day,
      usageMonth: month,
    },
    slots,
    slotsUpdateTime: concurrencyDoc.exists ? concurrencyDoc.updateTime : undefined,
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
