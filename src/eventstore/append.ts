import { status as Status } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import type { Precondition } from '@google-cloud/firestore';
import { FieldValue, type WriteBatch } from '@google-cloud/firestore';
import { partitionOf } from '../domain/partition';
import { isValidStreamId } from '../domain/streams';
import type { EventStoreContext } from './context';
import { InlineWriteConflict, InvalidAppend, WrongExpectedRevision } from './errors';
import { canonicalJson, eventHash, GENESIS_HASH, type HashedFields } from './hash-chain';
import { eventPath, MAX_REVISION, STREAMS } from './layout';
import { lastRevision } from './last-revision';
import {
  streamHead,
  type AppendOptions,
  type AppendResult,
  type EventMeta,
  type ExpectedRevision,
  type InlineWrite,
  type NewEvent,
} from './types';

/** Firestore commits at most 500 writes. */
const MAX_WRITES_PER_COMMIT = 500;
/** `any` retries (with jittered backoff) while other writers keep winning the race: n racers need up to n tries. */
const ANY_ATTEMPTS = 25;

/**
 * Appends events in one atomic commit by `create()`-ing their documents at the next revisions: a concurrent
 * writer at the same revisions gets ALREADY_EXISTS, which becomes WrongExpectedRevision. No counter document.
 */
export async function append(
  ctx: EventStoreContext,
  streamId: string,
  expected: ExpectedRevision,
  events: readonly NewEvent[],
  options: AppendOptions,
): Promise<AppendResult> {
  const prepared = events.map((event) => prepare(ctx, streamId, event));
  assertAppendable(streamId, expected, prepared.length, options);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await appendOnce(ctx, streamId, expected, prepared, options);
    } catch (error) {
      if (!(expected === 'any' && error instanceof WrongExpectedRevision && attempt < ANY_ATTEMPTS)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 5 * attempt)));
    }
  }
}

export interface PreparedEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly eventId: string;
}

export function prepare(ctx: EventStoreContext, streamId: string, event: NewEvent): PreparedEvent {
  const version = ctx.registry.versionOf(event.type);
  if (version._tag === 'Left') throw new InvalidAppend(`Stream ${streamId}: ${version.left}`);
  const valid = ctx.registry.validate(event.type, event.data);
  if (valid._tag === 'Left')
    throw new InvalidAppend(`Stream ${streamId}: event ${event.type}: ${valid.left.join('; ')}`);
  // The stored data is exactly its canonical JSON form, so the hash recomputed on read matches.
  return {
    type: event.type,
    schemaVersion: version.right,
    data: JSON.parse(canonicalJson(event.data)),
    eventId: event.eventId ?? randomUUID(),
  };
}

export function assertAppendable(
  streamId: string,
  expected: ExpectedRevision,
  count: number,
  options: AppendOptions,
): void {
  if (!isValidStreamId(streamId)) throw new InvalidAppend(`Invalid stream id ${JSON.stringify(streamId)}`);
  if (count === 0) throw new InvalidAppend(`Stream ${streamId}: nothing to append`);
  const revision = typeof expected === 'object' ? expected.revision : expected;
  if (typeof revision === 'number' && (!Number.isInteger(revision) || revision < 0))
    throw new InvalidAppend(`Stream ${streamId}: invalid expected revision ${expected}`);
  const writes = count + (options.inlineWrites?.length ?? 0);
  if (writes > MAX_WRITES_PER_COMMIT)
    throw new InvalidAppend(`Stream ${streamId}: ${writes} writes exceed the ${MAX_WRITES_PER_COMMIT} of one commit`);
  for (const write of options.inlineWrites ?? []) {
    if (write.path.split('/')[0] === STREAMS)
      throw new InvalidAppend(`Inline write to ${write.path}: the event log is written by append only`);
  }
}

async function appendOnce(
  ctx: EventStoreContext,
  streamId: string,
  expected: ExpectedRevision,
  events: readonly PreparedEvent[],
  options: AppendOptions,
): Promise<AppendResult> {
  const previous = await previousEvent(ctx, streamId, expected);
  if (previous.revision + events.length > MAX_REVISION) throw new InvalidAppend(`Stream ${streamId} is full`);
  const partition = partitionOf(options.tenantId, ctx.partitions);
  const meta = metaOf(ctx, options, events[0]?.eventId ?? randomUUID());

  const batch = ctx.db.batch();
  let prevHash = previous.hash;
  const revisions: number[] = [];
  events.forEach((event, index) => {
    const revision = previous.revision + 1 + index;
    const fields: HashedFields = {
      ...event,
      streamId,
      revision,
      tenantId: options.tenantId,
      partition,
      meta,
      prevHash,
    };
    prevHash = eventHash(fields);
    batch.create(ctx.db.doc(eventPath(streamId, revision)), {
      ...fields,
      hash: prevHash,
      recordedAt: FieldValue.serverTimestamp(),
    });
    revisions.push(revision);
  });
  applyInlineWrites(ctx, batch, options.inlineWrites ?? []);

  try {
    const results = await batch.commit();
    const lastRevision = revisions[revisions.length - 1] as number;
    const writeTime = results[events.length - 1]?.writeTime;
    return {
      streamId,
      firstRevision: revisions[0] as number,
      lastRevision,
      head: streamHead(lastRevision, prevHash),
      position: {
        seconds: writeTime?.seconds ?? 0,
        nanoseconds: writeTime?.nanoseconds ?? 0,
        path: eventPath(streamId, lastRevision),
      },
      eventIds: events.map((event) => event.eventId),
    };
  } catch (error) {
    throw await explainCommitFailure(ctx, streamId, expected, previous.revision, options, error);
  }
}

async function previousEvent(
  ctx: EventStoreContext,
  streamId: string,
  expected: ExpectedRevision,
): Promise<{ revision: number; hash: string }> {
  if (expected === 'no_stream' || expected === 0) return { revision: 0, hash: GENESIS_HASH };
  if (expected === 'any') {
    const last = await lastRevision(ctx, streamId);
    return { revision: last.revision, hash: last.hash ?? GENESIS_HASH };
  }
  if (typeof expected === 'object') return { revision: expected.revision, hash: expected.hash };
  const snapshot = await ctx.db.doc(eventPath(streamId, expected)).get();
  if (!snapshot.exists)
    throw new WrongExpectedRevision(streamId, expected, (await lastRevision(ctx, streamId)).revision);
  return { revision: expected, hash: snapshot.get('hash') as string };
}

export function metaOf(ctx: EventStoreContext, options: AppendOptions, firstEventId: string): EventMeta {
  return {
    correlationId: options.correlationId ?? firstEventId,
    causationId: options.causationId ?? null,
    actor: options.actor ?? 'system',
    // Only when asserted, so the hashes of events without one are what they always were.
    ...(options.assertedUserId === undefined ? {} : { assertedUserId: options.assertedUserId }),
    occurredAt: (options.occurredAt ?? ctx.now()).toISOString(),
  };
}

export function applyInlineWrites(ctx: EventStoreContext, batch: WriteBatch, writes: readonly InlineWrite[]): void {
  for (const write of writes) {
    const ref = ctx.db.doc(write.path);
    const precondition: Precondition =
      'lastUpdateTime' in write && write.lastUpdateTime ? { lastUpdateTime: write.lastUpdateTime } : {};
    switch (write.op) {
      case 'create':
        batch.create(ref, write.data);
        break;
      case 'set':
        batch.set(ref, write.data, { merge: write.merge ?? false });
        break;
      case 'update':
        batch.update(ref, write.data, precondition);
        break;
      case 'delete':
        batch.delete(ref, precondition);
        break;
    }
  }
}

/** ALREADY_EXISTS on one of our revisions means another writer won; otherwise an inline write's precondition failed. */
async function explainCommitFailure(
  ctx: EventStoreContext,
  streamId: string,
  expected: ExpectedRevision,
  previousRevision: number,
  options: AppendOptions,
  error: unknown,
): Promise<unknown> {
  const code = (error as { code?: number }).code;
  // NOT_FOUND: an inline update of a missing document.
  if (code !== Status.ALREADY_EXISTS && code !== Status.FAILED_PRECONDITION && code !== Status.NOT_FOUND) return error;
  const actual = (await lastRevision(ctx, streamId)).revision;
  if (actual !== previousRevision) return new WrongExpectedRevision(streamId, expected, actual);
  return new InlineWriteConflict(
    streamId,
    (options.inlineWrites ?? []).map((write) => write.path),
  );
}
