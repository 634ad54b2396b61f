import type { DocumentSnapshot, Firestore } from '@google-cloud/firestore';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { describeDecodeErrors } from '../../domain/decode-errors';

const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null]);

export const TableComparison = t.type({
  table: t.string,
  live: t.type({ rows: t.number, checksum: t.string }),
  shadow: t.type({ rows: t.number, checksum: t.string }),
  equal: t.boolean,
  /** The first rows (as JSON) found on one side only; empty when equal. */
  onlyLive: t.array(t.string),
  onlyShadow: t.array(t.string),
});
export type TableComparison = t.TypeOf<typeof TableComparison>;

export const ReplayStatus = t.keyof({
  running: null,
  verifying: null,
  promoting: null,
  succeeded: null,
  promoted: null,
  failed: null,
});
export type ReplayStatus = t.TypeOf<typeof ReplayStatus>;

/**
 * A replay as operators follow it (`GET /api/v1/admin/replay/{id}`, the CLI's progress bar): written to
 * `replays/{replayId}` about once a second while it runs, so any instance can answer for it.
 */
export const ReplayRecord = t.type({
  replayId: t.string,
  dataset: t.string,
  status: ReplayStatus,
  startedAt: t.string,
  updatedAt: t.string,
  finishedAt: nullable(t.string),
  totalEvents: t.number,
  projectedEvents: t.number,
  eventsPerSecond: t.number,
  etaSeconds: nullable(t.number),
  deadLetters: t.number,
  verify: nullable(t.type({ equal: t.boolean, tables: t.array(TableComparison) })),
  promotedAt: nullable(t.string),
  error: nullable(t.string),
  requestedBy: t.string,
});
export type ReplayRecord = t.TypeOf<typeof ReplayRecord>;

const REPLAYS = 'replays';
export const replayPath = (replayId: string): string => `${REPLAYS}/${replayId}`;

export class MalformedReplayRecord extends Error {
  readonly code = 'MALFORMED_REPLAY_RECORD';
  constructor(path: string, problems: readonly string[]) {
    super(`Replay record ${path} does not decode: ${problems.join('; ')}`);
    this.name = 'MalformedReplayRecord';
  }
}

export function decodeReplayRecord(snapshot: DocumentSnapshot): ReplayRecord {
  const decoded = ReplayRecord.decode(snapshot.data());
  if (E.isLeft(decoded)) throw new MalformedReplayRecord(snapshot.ref.path, describeDecodeErrors(decoded.left));
  return decoded.right;
}

/** The replay records (`replays/{id}`, written by runReplay), read decoded: the port the replay use cases use. */
export interface ReplayRecords {
  get(replayId: string): Promise<ReplayRecord | undefined>;
  /** The most recent first. */
  recent(limit: number): Promise<readonly ReplayRecord[]>;
}

export function firestoreReplayRecords(db: Firestore): ReplayRecords {
  return {
    async get(replayId) {
      const snapshot = await db.doc(replayPath(replayId)).get();
      return snapshot.exists ? decodeReplayRecord(snapshot) : undefined;
    },
    async recent(limit) {
      const page = await db.collection(REPLAYS).orderBy('startedAt', 'desc').limit(limit).get();
      return page.docs.map(decodeReplayRecord);
    },
  };
}
