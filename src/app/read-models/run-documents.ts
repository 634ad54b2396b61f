import type { Firestore } from '@google-cloud/firestore';
import { OPEN_STATUSES, type RunStatus } from '../../domain/run/state';
import { RUNS, runPath } from '../runs/run-paths';
import { RunDocument, RunDocumentStatus } from './codecs';
import { decodeDocument } from './decode-document';

export interface OpenRun {
  readonly runId: string;
  readonly status: RunStatus;
}

export interface RunPageQuery {
  readonly pipelineId?: string;
  readonly status?: RunStatus;
  readonly limit: number;
  /** The last run of the previous page: its request time and id (runs are ordered by both, newest first). */
  readonly after?: readonly [requestedAt: string, runId: string];
}

export interface RunPage {
  readonly runs: readonly RunDocument[];
  /** The position to continue after, when there are more runs. */
  readonly next: readonly [requestedAt: string, runId: string] | null;
}

/** The use cases' port onto `runs/{runId}` (written with every run event, see run-inline-writes). Decoded reads. */
export interface RunDocuments {
  get(runId: string): Promise<RunDocument | undefined>;
  /** A tenant's runs, newest request first. */
  page(tenantId: string, query: RunPageQuery): Promise<RunPage>;
  /** A tenant's runs of one pipeline (`provider/domain/template`) still requested, queued, deferred or running. */
  openOf(tenantId: string, pipelineKey: string): Promise<readonly OpenRun[]>;
  /** The run, when it exists and is still open: one document read. */
  openById(runId: string): Promise<OpenRun | undefined>;
}

export function firestoreRunDocuments(db: Firestore): RunDocuments {
  return {
    async get(runId) {
      return decodeDocument(RunDocument, await db.doc(runPath(runId)).get());
    },

    async page(tenantId, { pipelineId, status, limit, after }) {
      let query = db.collection(RUNS).where('tenantId', '==', tenantId);
      if (pipelineId) query = query.where('pipelineId', '==', pipelineId);
      if (status) query = query.where('status', '==', status);
      query = query.orderBy('requestedAt', 'desc').orderBy('runId', 'desc');
      if (after) query = query.startAfter(...after);
      // One more than asked: whether it comes back says whether there is a next page.
      const snapshot = await query.limit(limit + 1).get();
      const runs = snapshot.docs.slice(0, limit).flatMap((doc) => decodeDocument(RunDocument, doc) ?? []);
      const last = runs.at(-1);
      const next = snapshot.docs.length > limit && last ? ([last.requestedAt ?? '', last.runId] as const) : null;
      return { runs, next };
    },

    async openOf(tenantId, pipelineKey) {
      const snapshot = await db
        .collection(RUNS)
        .where('tenantId', '==', tenantId)
        .where('pipelineKey', '==', pipelineKey)
        .where('status', 'in', [...OPEN_STATUSES])
        .get();
      return snapshot.docs.flatMap((doc) => {
        const run = decodeDocument(RunDocumentStatus, doc);
        return run ? [{ runId: doc.id, status: run.status }] : [];
      });
    },

    async openById(runId) {
      const run = decodeDocument(RunDocumentStatus, await db.doc(runPath(runId)).get());
      return run && OPEN_STATUSES.has(run.status) ? { runId, status: run.status } : undefined;
    },
  };
}
