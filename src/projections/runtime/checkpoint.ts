import { Timestamp, type DocumentSnapshot } from '@google-cloud/firestore';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { describeDecodeErrors } from '../../domain/decode-errors';

const timestamp = new t.Type<Timestamp, Timestamp, unknown>(
  'Timestamp',
  (value): value is Timestamp => value instanceof Timestamp,
  (value, context) => (value instanceof Timestamp ? t.success(value) : t.failure(value, context)),
  t.identity,
);

/** An event that failed to project, counted across catch-ups until it is set aside. */
export const FailingEvent = t.type({ path: t.string, attempts: t.number, error: t.string });
export type FailingEvent = t.TypeOf<typeof FailingEvent>;

/**
 * Per partition and projection set: how far the projector got (the encoded position of the last projected
 * event) and who owns the partition until when. Every change is a compare-and-set on the document's update
 * time, so two instances can never both advance it.
 */
export const Checkpoint = t.type({
  partition: t.number,
  position: t.union([t.string, t.null]),
  leaseOwner: t.union([t.string, t.null]),
  leaseExpiresAt: t.union([timestamp, t.null]),
  eventsProjected: t.number,
  deadLetters: t.number,
  failing: t.union([FailingEvent, t.null]),
});
export type Checkpoint = t.TypeOf<typeof Checkpoint>;

export const emptyCheckpoint = (partition: number): Checkpoint => ({
  partition,
  position: null,
  leaseOwner: null,
  leaseExpiresAt: null,
  eventsProjected: 0,
  deadLetters: 0,
  failing: null,
});

export class MalformedCheckpoint extends Error {
  readonly code = 'MALFORMED_CHECKPOINT';
  constructor(
    readonly path: string,
    readonly problems: readonly string[],
  ) {
    super(`Checkpoint ${path} does not decode: ${problems.join('; ')}`);
    this.name = 'MalformedCheckpoint';
  }
}

export function decodeCheckpoint(snapshot: DocumentSnapshot): Checkpoint {
  const decoded = Checkpoint.decode(snapshot.data());
  if (E.isLeft(decoded)) throw new MalformedCheckpoint(snapshot.ref.path, describeDecodeErrors(decoded.left));
  return decoded.right;
}
