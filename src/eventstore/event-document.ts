import { Timestamp, type DocumentSnapshot } from '@google-cloud/firestore';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { describeDecodeErrors } from '../domain/decode-errors';
import { MalformedEvent } from './errors';
import type { EventRegistry } from './event-registry';
import type { RecordedEvent } from './types';

const timestamp = new t.Type<Timestamp, Timestamp, unknown>(
  'Timestamp',
  (value): value is Timestamp => value instanceof Timestamp,
  (value, context) => (value instanceof Timestamp ? t.success(value) : t.failure(value, context)),
  t.identity,
);

const nonNegativeInt = t.refinement(t.Int, (n) => n >= 0, 'NonNegativeInt');
const sha256Hex = t.refinement(t.string, (s) => /^[0-9a-f]{64}$/.test(s), 'Sha256Hex');

/** The stored shape of an event document, as written by append. */
export const StoredEvent = t.type({
  type: t.string,
  schemaVersion: nonNegativeInt,
  data: t.unknown,
  eventId: t.string,
  streamId: t.string,
  revision: nonNegativeInt,
  tenantId: t.string,
  partition: nonNegativeInt,
  recordedAt: timestamp,
  meta: t.intersection([
    t.type({
      correlationId: t.string,
      causationId: t.union([t.string, t.null]),
      actor: t.string,
      occurredAt: t.string,
    }),
    t.partial({ assertedUserId: t.string }),
  ]),
  prevHash: sha256Hex,
  hash: sha256Hex,
});
export type StoredEvent = t.TypeOf<typeof StoredEvent>;

/** Decodes the envelope only (no registry): what hash verification and audits of raw history need. */
export function decodeStoredEvent(snapshot: DocumentSnapshot): E.Either<MalformedEvent, StoredEvent> {
  return pipe(
    StoredEvent.decode(snapshot.data()),
    E.mapLeft((errors) => new MalformedEvent(streamIdOf(snapshot), revisionOf(snapshot), describeDecodeErrors(errors))),
  );
}

/** Envelope, then the type's data codec (after upcasting): a RecordedEvent or a MalformedEvent naming the field. */
export function decodeRecordedEvent(snapshot: DocumentSnapshot, registry: EventRegistry): RecordedEvent {
  const decoded = pipe(
    decodeStoredEvent(snapshot),
    E.chain((stored) =>
      pipe(
        registry.decode(stored.type, stored.schemaVersion, stored.data),
        E.mapLeft((problems) => new MalformedEvent(stored.streamId, stored.revision, problems)),
        E.map(({ schemaVersion, data }): RecordedEvent => ({
          ...stored,
          schemaVersion,
          data,
          position: {
            seconds: stored.recordedAt.seconds,
            nanoseconds: stored.recordedAt.nanoseconds,
            path: snapshot.ref.path,
          },
        })),
      ),
    ),
  );
  if (E.isLeft(decoded)) throw decoded.left;
  return decoded.right;
}

function streamIdOf(snapshot: DocumentSnapshot): string {
  return snapshot.ref.parent.parent?.id ?? '?';
}

function revisionOf(snapshot: DocumentSnapshot): number | undefined {
  const revision = Number(snapshot.id);
  return Number.isInteger(revision) ? revision : undefined;
}
