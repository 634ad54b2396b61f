import * as E from 'fp-ts/Either';
import { toEventarcRequest } from '../../src/local/eventarc/eventarc-request';
import { decodeFirestoreCloudEvent } from '../../src/projections/eventarc/decode-firestore-cloudevent';
import { RECORDED_EMULATOR_DELIVERY } from './fixtures';

describe('toEventarcRequest (local bridge: emulator hook → Eventarc shape)', () => {
  const recorded = RECORDED_EMULATOR_DELIVERY;
  const converted = toEventarcRequest(
    recorded.headers as Record<string, string>,
    recorded.body as Buffer,
    'the-service-token',
  );

  it('sends the protobuf bytes Eventarc sends, not the emulator’s base64 text', () => {
    expect(converted.body.equals(Buffer.from((recorded.body as Buffer).toString('latin1'), 'base64'))).toBe(true);
    expect(converted.body[0]).toBe(0x0a); // field 1 (value), length-delimited
  });

  it('writes ce-source as Eventarc does, drops ce-datacontenttype and non-CloudEvent headers, and adds the bearer token', () => {
    expect(converted.headers['ce-source']).toBe('//firestore.googleapis.com/projects/exp-p/databases/(default)');
    expect(converted.headers).not.toHaveProperty('ce-datacontenttype');
    expect(converted.headers).not.toHaveProperty('user-agent');
    expect(converted.headers).toMatchObject({
      'content-type': 'application/protobuf',
      'ce-type': 'google.cloud.firestore.document.v1.created',
      'ce-subject': 'documents/streams/run-x/events/0000000003',
      'ce-document': 'streams/run-x/events/0000000003',
      authorization: 'Bearer the-service-token',
    });
  });

  it('leaves raw protobuf untouched and still decodes to the same event', () => {
    const again = toEventarcRequest(converted.headers, converted.body, 'the-service-token');
    expect(again.body.equals(converted.body)).toBe(true);
    const decoded = decodeFirestoreCloudEvent({ headers: converted.headers, body: converted.body });
    expect(E.isRight(decoded) && decoded.right).toEqual({
      kind: 'event',
      documentPath: 'streams/run-x/events/0000000003',
      partition: 5,
      tenantId: 'acme_corp',
      streamId: 'run-x',
      revision: 3,
    });
  });
});
