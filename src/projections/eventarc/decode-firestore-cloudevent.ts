import { pipe } from 'fp-ts/function';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { describeDecodeErrors } from '../../domain/decode-errors';
import { readBinaryCloudEvent, type BinaryCloudEvent, type CloudEventDelivery } from './binary-cloudevent';
import { documentEventDataToObject, documentEventDataType } from './document-event-data';
import { EventarcDecodeError } from './errors';

export type { CloudEventDelivery } from './binary-cloudevent';

export const FIRESTORE_DOCUMENT_CREATED = 'google.cloud.firestore.document.v1.created';
/** The same event from a trigger that asked for the author's identity too; its data is the same DocumentEventData. */
const ACCEPTED_TYPES: ReadonlySet<string> = new Set([
  FIRESTORE_DOCUMENT_CREATED,
  `${FIRESTORE_DOCUMENT_CREATED}.withAuthContext`,
]);

/** What a delivery says: an event document was created (ring that partition), or some other document was. */
export type FirestoreDocumentEvent =
  | {
      readonly kind: 'event';
      /** Relative to the database, as `db.doc()` takes it: `streams/run-x/events/0000000003`. */
      readonly documentPath: string;
      readonly partition: number;
      readonly tenantId: string;
      readonly streamId: string;
      readonly revision: number;
    }
  | { readonly kind: 'ignored'; readonly documentPath: string; readonly reason: string };

/**
 * Decodes one Eventarc delivery of a Firestore `document.v1.created` CloudEvent (binary mode; DocumentEventData
 * as protobuf, as JSON, or as base64 text of either). Pure: headers and bytes in, a verdict out.
 */
export function decodeFirestoreCloudEvent(
  delivery: CloudEventDelivery,
  database?: FirestoreDatabase,
): E.Either<EventarcDecodeError, FirestoreDocumentEvent> {
  return pipe(
    readBinaryCloudEvent(delivery),
    E.chainFirst(acceptedType),
    E.chain((event) =>
      pipe(
        decodeData(event),
        E.chain((value) => documentPathOf(event, value)),
        E.chain((document) =>
          database && (document.projectId !== database.projectId || document.databaseId !== database.databaseId)
            ? E.right(otherDatabase(document, database))
            : classify(document.path, document.fields),
        ),
      ),
    ),
  );
}

/** The database whose event store this service projects; a document of any other is not its business. */
export interface FirestoreDatabase {
  readonly projectId: string;
  readonly databaseId: string;
}

function otherDatabase(document: DocumentName, database: FirestoreDatabase): FirestoreDocumentEvent {
  const expected = `projects/${database.projectId}/databases/${database.databaseId}`;
  return { kind: 'ignored', documentPath: document.path, reason: `a document of another database than ${expected}` };
}

function acceptedType(event: BinaryCloudEvent): E.Either<EventarcDecodeError, BinaryCloudEvent> {
  if (ACCEPTED_TYPES.has(event.type)) return E.right(event);
  return E.left(
    new EventarcDecodeError('UNSUPPORTED_EVENT_TYPE', `Only ${FIRESTORE_DOCUMENT_CREATED} CloudEvents are accepted`, [
      `ce-type: got ${JSON.stringify(event.type.slice(0, 100))}`,
    ]),
  );
}

const DocumentValue = t.intersection([t.type({ name: t.string }), t.partial({ fields: t.UnknownRecord })]);
const DocumentEventData = t.type({ value: DocumentValue }, 'DocumentEventData');
type DocumentValue = t.TypeOf<typeof DocumentValue>;

function decodeData(event: BinaryCloudEvent): E.Either<EventarcDecodeError, DocumentValue> {
  return pipe(
    parseData(event),
    E.chain((data) =>
      pipe(
        DocumentEventData.decode(data),
        E.mapLeft(
          (errors) =>
            new EventarcDecodeError(
              'INVALID_EVENT_DATA',
              'The data is not the DocumentEventData of a created document',
              describeDecodeErrors(errors),
            ),
        ),
      ),
    ),
    E.map((data) => data.value),
  );
}

function parseData(event: BinaryCloudEvent): E.Either<EventarcDecodeError, unknown> {
  const { dataContentType, data } = event;
  if (dataContentType === 'application/protobuf' || dataContentType === 'application/x-protobuf') {
    return E.tryCatch(
      () => documentEventDataToObject(documentEventDataType().decode(data)),
      (error) =>
        new EventarcDecodeError('INVALID_EVENT_DATA', 'The data is not a protobuf DocumentEventData', [
          messageOf(error),
        ]),
    );
  }
  if (dataContentType === 'application/json') {
    return E.tryCatch(
      () => JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data)) as unknown,
      (error) => new EventarcDecodeError('INVALID_EVENT_DATA', 'The data is not JSON', [messageOf(error)]),
    );
  }
  return E.left(
    new EventarcDecodeError(
      'UNSUPPORTED_CONTENT_TYPE',
      `Data of type ${dataContentType.slice(0, 100)} is not accepted; send application/protobuf or application/json`,
    ),
  );
}

const DOCUMENT_NAME = /^projects\/([^/]+)\/databases\/([^/]+)\/documents\/(.+)$/;

interface DocumentName {
  readonly projectId: string;
  readonly databaseId: string;
  readonly path: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * `projects/p/databases/d/documents/a/b` → `a/b`, checked against `ce-subject` (`documents/a/b`) when present.
 * The CloudEvents HTTP binding percent-encodes header values, so the subject is decoded before comparing.
 */
function documentPathOf(event: BinaryCloudEvent, value: DocumentValue): E.Either<EventarcDecodeError, DocumentName> {
  const [, projectId, databaseId, path] = DOCUMENT_NAME.exec(value.name) ?? [];
  if (!projectId || !databaseId || !path) {
    const problems = [`value.name: got ${quote(value.name)}`];
    return E.left(new EventarcDecodeError('INVALID_EVENT_DATA', 'The data names no Firestore document', problems));
  }
  if (event.subject !== undefined) {
    const subject = percentDecoded(event.subject);
    if (subject !== `documents/${path}`) {
      const problems = [`ce-subject: ${quote(event.subject)}, value.name: ${quote(value.name)}`];
      return E.left(
        new EventarcDecodeError('INVALID_CLOUDEVENT', 'ce-subject names another document than the data', problems),
      );
    }
  }
  return E.right({ projectId, databaseId, path, fields: value.fields ?? {} });
}

/** Percent-decoded header text; malformed escapes leave it as it is (it then matches no document name). */
function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** int64 arrives as a decimal string (protobuf with longs as strings, proto3 JSON) or, in lenient JSON, a number. */
const PartitionNumber = new t.Type<number, number, unknown>(
  'non-negative integer',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0,
  (u, c) => {
    const n = typeof u === 'string' && /^\d{1,15}$/.test(u) ? Number(u) : u;
    return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? t.success(n) : t.failure(u, c);
  },
  (n) => n,
);
const NonEmptyString = t.refinement(t.string, (s) => s.length > 0, 'non-empty string');
/** The event-store envelope fields the doorbell needs, as Firestore Values (`{integerValue}`, `{stringValue}`). */
const EventFields = t.type({
  partition: t.type({ integerValue: PartitionNumber }),
  tenantId: t.type({ stringValue: NonEmptyString }),
});

const REVISION_ID = /^\d{10}$/;

/** Documents at `streams/{streamId}/events/{revision}` are events; every other document is not the doorbell's business. */
function classify(
  path: string,
  fields: Readonly<Record<string, unknown>>,
): E.Either<EventarcDecodeError, FirestoreDocumentEvent> {
  const [collection, streamId, events, revisionId, ...deeper] = path.split('/');
  if (
    collection !== 'streams' ||
    !streamId ||
    events !== 'events' ||
    !revisionId ||
    !REVISION_ID.test(revisionId) ||
    deeper.length > 0
  ) {
    return E.right({
      kind: 'ignored',
      documentPath: path,
      reason: 'not an event document (streams/{streamId}/events/{revision})',
    });
  }
  return pipe(
    EventFields.decode(fields),
    E.bimap(
      (errors) =>
        new EventarcDecodeError(
          'INVALID_EVENT_DATA',
          `The event document ${path} lacks its partition or tenant`,
          describeDecodeErrors(errors).map((problem) => `value.fields.${problem}`),
        ),
      (decoded): FirestoreDocumentEvent => ({
        kind: 'event',
        documentPath: path,
        partition: decoded.partition.integerValue,
        tenantId: decoded.tenantId.stringValue,
        streamId,
        revision: Number(revisionId),
      }),
    ),
  );
}

function quote(text: string): string {
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 197)}...` : text);
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}
