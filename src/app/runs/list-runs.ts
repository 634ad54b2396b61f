import * as t from 'io-ts';
import type { ServiceContext } from '../service-context';
import { RUNS } from './run-paths';
import { describeRun } from './get-run';

export const ListRunsQuery = t.partial({
  pipeline_id: t.refinement(t.string, (s) => /^[a-z0-9_-]{1,64}$/.test(s), 'pipeline id'),
  status: t.keyof({
    requested: null,
    queued: null,
    deferred: null,
    running: null,
    succeeded: null,
    failed: null,
    cancelled: null,
    timed_out: null,
    rejected: null,
    missed: null,
    skipped: null,
  }),
  limit: t.refinement(t.string, (s) => /^\d{1,3}$/.test(s) && Number(s) >= 1 && Number(s) <= 200, 'limit (1–200)'),
  cursor: t.refinement(t.string, (s) => /^[A-Za-z0-9_-]{1,400}$/.test(s), 'cursor'),
});
export type ListRunsQuery = t.TypeOf<typeof ListRunsQuery>;

export class InvalidCursor extends Error {
  readonly code = 'INVALID_CURSOR';
  constructor() {
    super('The cursor is not one this service issued');
    this.name = 'InvalidCursor';
  }
}

/** A tenant's runs, newest request first, paged by an opaque cursor (the last run's request time and id). */
export async function listRuns(ctx: Pick<ServiceContext, 'db'>, tenantId: string, query: ListRunsQuery) {
  const limit = Number(query.limit ?? 50);
  let q = ctx.db.collection(RUNS).where('tenantId', '==', tenantId);
  if (query.pipeline_id) q = q.where('pipelineId', '==', query.pipeline_id);
  if (query.status) q = q.where('status', '==', query.status);
  q = q.orderBy('requestedAt', 'desc').orderBy('runId', 'desc');
  if (query.cursor) {
    const [requestedAt, runId] = decodeCursor(query.cursor);
    q = q.startAfter(requestedAt, runId);
  }
  const page = await q.limit(limit + 1).get();
  const docs = page.docs.slice(0, limit);
  const last = docs.at(-1);
  return {
    tenant_id: tenantId,
    runs: docs.map((d) => describeRun(d.data())),
    next_cursor:
      page.docs.length > limit && last
        ? Buffer.from(JSON.stringify([last.get('requestedAt'), last.get('runId')])).toString('base64url')
        : null,
  };
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string'))
      return value as [string, string];
  } catch {
    // fall through
  }
  throw new InvalidCursor();
}
