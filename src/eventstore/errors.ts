import type { ExpectedRevision } from './types';

/** Another writer appended first: reload, decide again, retry. */
export class WrongExpectedRevision extends Error {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number,
  ) {
    super(
      `Stream ${streamId}: expected revision ${describeExpected(expected)}, actual ${actual === 0 ? 'no stream' : actual}`,
    );
    this.name = 'WrongExpectedRevision';
  }
}

export function describeExpected(expected: ExpectedRevision): string {
  return typeof expected === 'object' ? String(expected.revision) : String(expected);
}

/** The stream was as expected but an inline write's precondition failed (e.g. a `create` of an existing document). */
export class InlineWriteConflict extends Error {
  readonly code = 'INLINE_WRITE_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly paths: readonly string[],
  ) {
    super(`Stream ${streamId}: an inline write conflicted (${paths.join(', ')}); nothing was appended`);
    this.name = 'InlineWriteConflict';
  }
}

/** A stored event failed to decode: names the stream, the revision and the field. */
export class MalformedEvent extends Error {
  readonly code = 'MALFORMED_EVENT';
  constructor(
    readonly streamId: string,
    readonly revision: number | undefined,
    readonly problems: readonly string[],
  ) {
    super(`Malformed event in stream ${streamId} at revision ${revision ?? '?'}: ${problems.join('; ')}`);
    this.name = 'MalformedEvent';
  }
}

/** The caller asked for something the store refuses before touching Firestore. */
export class InvalidAppend extends Error {
  readonly code = 'INVALID_APPEND';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppend';
  }
}

export type EventStoreError = WrongExpectedRevision | InlineWriteConflict | MalformedEvent | InvalidAppend;

/** The event store's codes: a closed union, each naming one class above. */
export type EventStoreErrorCode = EventStoreError['code'];
