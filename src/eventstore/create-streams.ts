import { status as Status } from '@grpc/grpc-js';
import { FieldValue } from '@google-cloud/firestore';
import { partitionOf } from '../domain/partition';
import { applyInlineWrites, assertAppendable, metaOf, prepare } from './append';
import type { EventStoreContext } from './context';
import { InvalidAppend } from './errors';
import { eventHash, GENESIS_HASH, type HashedFields } from './hash-chain';
import { eventPath } from './layout';
import type { AppendOptions, NewEvent } from './types';

/** One stream to create: its first events and the inline writes that go with them. */
export interface NewStream {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly options: AppendOptions;
}

/** At least one of the streams already existed: nothing was written (the commit is atomic); create them one by one. */
export class StreamsAlreadyExist extends Error {
  readonly code = 'STREAMS_ALREADY_EXIST';
  constructor(readonly streamIds: readonly string[]) {
    super(`At least one of ${streamIds.length} stream(s) already exists; nothing was created`);
    this.name = 'StreamsAlreadyExist';
  }
}

const MAX_WRITES_PER_COMMIT = 500;

/**
 * Creates several new streams (each `noStream`, its events at revisions 1…n with their hash chain) and their
 * inline writes in ONE atomic commit: a group commit for a writer that creates many streams at once (the
 * trigger), where one commit per stream would cost a round trip and a commit each.
 */
export async function createStreams(ctx: EventStoreContext, streams: readonly NewStream[]): Promise<void> {
  const writes = streams.reduce(
    (sum, stream) => sum + stream.events.length + (stream.options.inlineWrites?.length ?? 0),
    0,
  );
  if (writes > MAX_WRITES_PER_COMMIT)
    throw new InvalidAppend(`${writes} writes exceed the ${MAX_WRITES_PER_COMMIT} of one commit`);
  if (new Set(streams.map((stream) => stream.streamId)).size !== streams.length)
    throw new InvalidAppend('a stream is listed twice');
  const batch = ctx.db.batch();
  for (const stream of streams) {
    const prepared = stream.events.map((event) => prepare(ctx, stream.streamId, event));
    assertAppendable(stream.streamId, 'no_stream', prepared.length, stream.options);
    const partition = partitionOf(stream.options.tenantId, ctx.partitions);
    const meta = metaOf(ctx, stream.options, prepared[0]!.eventId);
    let prevHash = GENESIS_HASH;
    prepared.forEach((event, index) => {
      const fields: HashedFields = {
        ...event,
        streamId: stream.streamId,
        revision: index + 1,
        tenantId: stream.options.tenantId,
        partition,
        meta,
        prevHash,
      };
      prevHash = eventHash(fields);
      batch.create(ctx.db.doc(eventPath(stream.streamId, index + 1)), {
        ...fields,
        hash: prevHash,
        recordedAt: FieldValue.serverTimestamp(),
      });
    });
    applyInlineWrites(ctx, batch, stream.options.inlineWrites ?? []);
  }
  try {
    await batch.commit();
  } catch (error) {
    if ((error as { code?: number }).code === Status.ALREADY_EXISTS)
      throw new StreamsAlreadyExist(streams.map((stream) => stream.streamId));
    throw error;
  }
}
