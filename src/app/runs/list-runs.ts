import * as t from 'io-ts';
import type { ServiceContext } from '../service-context';
import { firestoreRunDocuments } from '../read-models';
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
  const page = await firestoreRunDocuments(ctx.db).page(tenantId, {
    limit: Number(query.limit ?? 50),
    ...(query.pipeline_id ? { pipelineId: query.pipeline_id } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}),
  });
  return {
    tenant_id: tenantId,
    runs: page.runs.map(describeRun),
    next_cursor: page.next ? Buffer.from(JSON.stringify(page.next)).toString('base64url') : null,
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
