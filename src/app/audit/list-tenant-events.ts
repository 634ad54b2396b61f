import { decodePosition, encodePosition, type Position, type RecordedEvent } from '../../eventstore';
import { timelineEntry, type TimelineEntry } from '../../projections/audit/audit-timeline';
import type { ServiceContext } from '../service-context';
import { InvalidAuditCursor } from './errors';

export interface TenantEventsQuery {
  /** 1–500. */
  readonly limit: number;
  readonly cursor?: string;
  /** Inclusive bounds on commit time. */
  readonly from?: Date;
  readonly to?: Date;
}

export interface TenantEventsPage {
  readonly tenant_id: string;
  readonly events: readonly TimelineEntry[];
  /** Pass it back as `cursor` for the next page; null when this page reached the end. */
  readonly next_cursor: string | null;
  /** The page lists commits up to this instant: the settle watermark, or `to` when earlier. */
  readonly listed_through: string;
}

/** How far behind now the listing stops by default: commits become visible out of timestamp order (docs/eventstore.md). */
export const LISTING_SETTLE_MS = 1_000;

const encodeCursor = (position: Position) => Buffer.from(encodePosition(position), 'utf8').toString('base64url');

/**
 * The store's order: commit time, then document name compared segment by segment (as Firestore orders
 * `__name__`; a plain string comparison would put `run-a.b/…` before `run-a/…`).
 */
function isAfter(position: Position, cursor: Position): boolean {
  if (position.seconds !== cursor.seconds) return position.seconds > cursor.seconds;
  if (position.nanoseconds !== cursor.nanoseconds) return position.nanoseconds > cursor.nanoseconds;
  const a = position.path.split('/');
  const b = cursor.path.split('/');
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    if (a[i] !== b[i]) return (a[i] as string) > (b[i] as string);
  }
  return a.length > b.length;
}

function decodeCursor(cursor: string): Position {
  const position = decodePosition(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!position) throw new InvalidAuditCursor();
  return position;
}

/**
 * One page of a tenant's events across its streams, in commit order, each as a timeline entry (no event data:
 * entries name ids and outcomes, never key or credential material). The cursor is the last entry's position
 * (commit time, document path), so pages neither repeat nor skip an event. Each page stops at the settle
 * watermark: a commit still in flight with an earlier commit time cannot appear behind a cursor already handed out.
 */
export async function listTenantEvents(
  ctx: Pick<ServiceContext, 'store' | 'now'>,
  tenantId: string,
  query: TenantEventsQuery,
  settleMs = LISTING_SETTLE_MS,
): Promise<TenantEventsPage> {
  const watermark = new Date(ctx.now().getTime() - settleMs);
  const to = query.to && query.to.getTime() < watermark.getTime() ? query.to : watermark;
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  // The store bounds by Date (milliseconds): start at the cursor's millisecond and drop what is not after it.
  const afterMs = after ? new Date(after.seconds * 1000 + Math.floor(after.nanoseconds / 1e6)) : undefined;
  const from = afterMs && (!query.from || afterMs.getTime() > query.from.getTime()) ? afterMs : query.from;
  const events: RecordedEvent[] = [];
  if (!from || from.getTime() <= to.getTime()) {
    for await (const event of ctx.store.readTenant(tenantId, { ...(from ? { from } : {}), to })) {
      if (after && !isAfter(event.position, after)) continue;
      events.push(event);
      if (events.length > query.limit) break;
    }
  }
  const page = events.slice(0, query.limit);
  const last = page.at(-1);
  return {
    tenant_id: tenantId,
    events: page.map(timelineEntry),
    next_cursor: events.length > query.limit && last ? encodeCursor(last.position) : null,
    listed_through: to.toISOString(),
  };
}
