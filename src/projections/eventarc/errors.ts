/**
 * Why a delivery to the Eventarc endpoint could not be decoded:
 * - `INVALID_CLOUDEVENT`: not a binary-mode CloudEvent 1.0 (a required `ce-*` header is missing, structured mode,
 *   or `ce-subject` names another document than the data);
 * - `UNSUPPORTED_EVENT_TYPE`: a CloudEvent, but not a Firestore document creation;
 * - `UNSUPPORTED_CONTENT_TYPE`: data that is neither `application/protobuf` nor `application/json`;
 * - `INVALID_EVENT_DATA`: the body is not a DocumentEventData, or an event document lacks its partition or tenant.
 */
export type EventarcDecodeCode =
  'INVALID_CLOUDEVENT' | 'UNSUPPORTED_EVENT_TYPE' | 'UNSUPPORTED_CONTENT_TYPE' | 'INVALID_EVENT_DATA';

export class EventarcDecodeError extends Error {
  constructor(
    readonly code: EventarcDecodeCode,
    message: string,
    /** One line per problem, each naming where it is (`ce-id`, `value.fields.partition.integerValue`). */
    readonly problems: readonly string[] = [],
  ) {
    super(problems.length > 0 ? `${message}: ${problems.join('; ')}` : message);
    this.name = 'EventarcDecodeError';
  }
}
