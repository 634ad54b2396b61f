import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type { RunStatus } from '../../domain/run/state';
import { RUNS } from '../runs/run-paths';
import type { ServiceContext } from '../service-context';

/** The fields of a `runs/{runId}` read model that process-queue decides on, decoded when read back. */
export const RunRow = t.intersection([
  t.type({
    runId: t.string,
    tenantId: t.string,
    status: t.string,
    generation: t.number,
    attempt: t.number,
    updatedAt: t.string,
  }),
  t.partial({ notBefore: t.union([t.string, t.null]), queuedAt: t.string, startedAt: t.string }),
]);
export type RunRow = t.TypeOf<typeof RunRow>;

export interface RunRows {
  readonly rows: readonly RunRow[];
  /** Documents that did not decode (listed by id so an operator can look at them). */
  readonly malformed: readonly string[];
}

/**
 * Runs in `status`, least recently changed first, optionally only those unchanged since `changedBefore`, at
 * most `limit`. Needs the composite index (status ASC, updatedAt ASC) on `runs`.
 */
export async function runsInStatus(
  ctx: Pick<ServiceContext, 'db'>,
  status: RunStatus,
  changedBefore: string | undefined,
  limit: number,
): Promise<RunRows> {
  let query = ctx.db.collection(RUNS).where('status', '==', status);
  if (changedBefore !== undefined) query = query.where('updatedAt', '<=', changedBefore);
  const snapshot = await query.orderBy('updatedAt').limit(limit).get();
  const rows: RunRow[] = [];
  const malformed: string[] = [];
  for (const doc of snapshot.docs) {
    const decoded = RunRow.decode(doc.data());
    if (E.isRight(decoded)) rows.push(decoded.right);
    else malformed.push(doc.id);
  }
  return { rows, malformed };
}
