import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import {
  decodeFirestoreCloudEvent,
  type CloudEventDelivery,
} from '../../src/projections/eventarc/decode-firestore-cloudevent';
import type { EventarcDecodeError } from '../../src/projections/eventarc/errors';
import { delivery, eventFields, jsonBytes, protobufBytes, RECORDED_EMULATOR_DELIVERY } from './fixtures';

const EVENT_PATH = 'streams/run-x/events/0000000003';

function decoded(input: CloudEventDelivery) {
  const result = decodeFirestoreCloudEvent(input);
  if (E.isLeft(result)) throw new Error(`expected a decoded delivery, got ${result.left.code}: ${result.left.message}`);
  return result.right;
}

function refusal(input: CloudEventDelivery): EventarcDecodeError {
  const result = decodeFirestoreCloudEvent(input);
  if (E.isRight(result)) throw new Error(`expected a refusal, got ${JSON.stringify(result.right)}`);
  return result.left;
}

const expectedEvent = {
  kind: 'event',
  documentPath: EVENT_PATH,
  partition: 5,
  tenantId: 'acme_corp',
  streamId: 'run-x',
  revision: 3,
};

describe('decodeFirestoreCloudEvent: event documents', () => {
  it('decodes a protobuf DocumentEventData (what Eventarc sends)', () => {
    expect(decoded(delivery(EVENT_PATH, protobufBytes(EVENT_PATH, eventFields(5, 'acme_corp'))))).toEqual(
      expectedEvent,
    );
  });

  it('decodes the proto3 JSON form of DocumentEventData', () => {
    const body = jsonBytes(EVENT_PATH, eventFields(5, 'acme_corp'));
    // The fixture really is proto3 JSON: int64 as a string, timestamps as RFC 3339 text.
    expect(JSON.parse(body.toString())).toMatchObject({
      value: { fields: { partition: { integerValue: '5' } }, createTime: expect.stringMatching(/^2026-11-27T/) },
    });
    expect(decoded(delivery(EVENT_PATH, body, { 'content-type': 'application/json; charset=utf-8' }))).toEqual(
      expectedEvent,
    );
  });

  it('decodes base64 text of the protobuf (the Firestore emulator hook), also with MIME line breaks', () => {
    const base64 = protobufBytes(EVENT_PATH, eventFields(5, 'acme_corp')).toString('base64');
    expect(decoded(delivery(EVENT_PATH, Buffer.from(base64)))).toEqual(expectedEvent);
    const wrapped = base64.replace(/(.{76})/g, '$1\r\n');
    expect(wrapped).toContain('\r\n');
    expect(decoded(delivery(EVENT_PATH, Buffer.from(wrapped)))).toEqual(expectedEvent);
  });

  it('decodes base64 text of the JSON form', () => {
    const body = Buffer.from(jsonBytes(EVENT_PATH, eventFields(5, 'acme_corp')).toString('base64'));
    expect(decoded(delivery(EVENT_PATH, body, { 'content-type': 'application/json' }))).toEqual(expectedEvent);
  });

  it('decodes the delivery the Firestore emulator actually sent (recorded)', () => {
    expect(decoded(RECORDED_EMULATOR_DELIVERY)).toEqual(expectedEvent);
  });

  it('accepts header names in any case, Content-Type falling back to ce-datacontenttype, and the withAuthContext variant', () => {
    const body = protobufBytes(EVENT_PATH, eventFields(5, 'acme_corp'));
    const headers = Object.fromEntries(
      Object.entries(delivery(EVENT_PATH, body).headers).map(([name, value]) => [name.toUpperCase(), value]),
    );
    expect(decoded({ headers, body })).toEqual(expectedEvent);
    expect(
      decoded(delivery(EVENT_PATH, body, { 'content-type': undefined, 'ce-datacontenttype': 'application/protobuf' })),
    ).toEqual(expectedEvent);
    expect(
      decoded(delivery(EVENT_PATH, body, { 'ce-type': 'google.cloud.firestore.document.v1.created.withAuthContext' })),
    ).toEqual(expectedEvent);
  });

  it('decodes any event document the same from protobuf, base64 protobuf and JSON', () => {
    const streamId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,30}$/);
    fc.assert(
      fc.property(
        streamId,
        fc.integer({ min: 1, max: 9_999_999_999 }),
        fc.integer({ min: 0, max: 1023 }),
        fc.stringMatching(/^[a-z0-9_]{3,50}$/),
        (stream, revision, partition, tenantId) => {
          const path = `streams/${stream}/events/${String(revision).padStart(10, '0')}`;
          const expected = { kind: 'event', documentPath: path, partition, tenantId, streamId: stream, revision };
          const raw = protobufBytes(path, eventFields(partition, tenantId));
          expect(decoded(delivery(path, raw))).toEqual(expected);
          expect(decoded(delivery(path, Buffer.from(raw.toString('base64'))))).toEqual(expected);
          expect(
            decoded(
              delivery(path, jsonBytes(path, eventFields(partition, tenantId)), { 'content-type': 'application/json' }),
            ),
          ).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('decodeFirestoreCloudEvent: other documents are ignored', () => {
  it.each([
    'tenants/acme_corp',
    'runs/run-y',
    'api_keys/k1',
    'streams/run-x',
    'streams/run-x/events/not-a-revision',
    'streams/run-x/events/0000000003/notes/n1',
  ])('%s', (path) => {
    const result = decoded(delivery(path, protobufBytes(path, { status: { stringValue: 'RUNNING' } })));
    expect(result).toEqual({
      kind: 'ignored',
      documentPath: path,
      reason: expect.stringContaining('not an event document'),
    });
  });
});

describe('decodeFirestoreCloudEvent: refusals name what is wrong', () => {
  const body = protobufBytes(EVENT_PATH, eventFields(5, 'acme_corp'));

  it('garbage bytes are not a DocumentEventData', () => {
    const error = refusal(delivery(EVENT_PATH, Buffer.from([0xff, 0xff, 0xff, 0xff, 0x01])));
    expect(error.code).toBe('INVALID_EVENT_DATA');
    expect(error.message).toMatch(/not a protobuf DocumentEventData/);
  });

  it('a protobuf without a document (a delete event’s data) names the missing value', () => {
    const error = refusal(
      delivery(EVENT_PATH, protobufBytes(EVENT_PATH, eventFields(5, 'acme_corp'), { omitValue: true })),
    );
    expect(error.code).toBe('INVALID_EVENT_DATA');
    expect(error.problems).toEqual([expect.stringMatching(/^value: /)]);
  });

  it('text that is not JSON, with a JSON content type', () => {
    const error = refusal(delivery(EVENT_PATH, Buffer.from('{"value": '), { 'content-type': 'application/json' }));
    expect(error.code).toBe('INVALID_EVENT_DATA');
    expect(error.message).toMatch(/not JSON/);
  });

  it('a wrong ce-type', () => {
    const error = refusal(delivery(EVENT_PATH, body, { 'ce-type': 'google.cloud.firestore.document.v1.updated' }));
    expect(error.code).toBe('UNSUPPORTED_EVENT_TYPE');
    expect(error.message).toContain('google.cloud.firestore.document.v1.updated');
  });

  it('missing ce-* headers, each named', () => {
    const error = refusal(delivery(EVENT_PATH, body, { 'ce-id': undefined, 'ce-source': undefined }));
    expect(error.code).toBe('INVALID_CLOUDEVENT');
    expect(error.problems).toEqual(['ce-id: missing', 'ce-source: missing']);
  });

  it('another CloudEvents version', () => {
    const error = refusal(delivery(EVENT_PATH, body, { 'ce-specversion': '0.3' }));
    expect(error.code).toBe('INVALID_CLOUDEVENT');
    expect(error.problems).toEqual(['ce-specversion: expected 1.0, got "0.3"']);
  });

  it('structured mode', () => {
    const error = refusal(delivery(EVENT_PATH, Buffer.from('{}'), { 'content-type': 'application/cloudevents+json' }));
    expect(error.code).toBe('INVALID_CLOUDEVENT');
    expect(error.message).toMatch(/binary mode/);
  });

  it('data of another media type, or none', () => {
    expect(refusal(delivery(EVENT_PATH, body, { 'content-type': 'text/plain' })).code).toBe('UNSUPPORTED_CONTENT_TYPE');
    expect(refusal(delivery(EVENT_PATH, body, { 'content-type': undefined })).code).toBe('UNSUPPORTED_CONTENT_TYPE');
  });

  it('an event document without partition or tenant, each field named', () => {
    const error = refusal(delivery(EVENT_PATH, protobufBytes(EVENT_PATH, { type: { stringValue: 'RunRequested' } })));
    expect(error.code).toBe('INVALID_EVENT_DATA');
    expect(error.message).toContain(EVENT_PATH);
    expect(error.problems).toEqual([
      expect.stringMatching(/^value\.fields\.partition: /),
      expect.stringMatching(/^value\.fields\.tenantId: /),
    ]);
  });

  it('a partition that is not a non-negative integer', () => {
    const negative = refusal(delivery(EVENT_PATH, protobufBytes(EVENT_PATH, eventFields(-1, 'acme_corp'))));
    expect(negative.problems).toEqual([expect.stringMatching(/^value\.fields\.partition\.integerValue: /)]);
    const asDouble = refusal(
      delivery(
        EVENT_PATH,
        protobufBytes(EVENT_PATH, { partition: { doubleValue: 2.5 }, tenantId: { stringValue: 'acme_corp' } }),
      ),
    );
    expect(asDouble.problems).toEqual([expect.stringMatching(/^value\.fields\.partition\.integerValue: /)]);
  });

  it('a ce-subject naming another document than the data', () => {
    const error = refusal(delivery(EVENT_PATH, body, { 'ce-subject': 'documents/streams/run-x/events/0000000004' }));
    expect(error.code).toBe('INVALID_CLOUDEVENT');
    expect(error.message).toMatch(/ce-subject/);
  });

  it('an empty body', () => {
    expect(refusal(delivery(EVENT_PATH, Buffer.alloc(0))).code).toBe('INVALID_EVENT_DATA');
  });
});
