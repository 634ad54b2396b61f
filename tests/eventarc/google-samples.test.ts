import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { fromProto3JSON } from 'proto3-json-serializer';
import type { JSONValue } from 'proto3-json-serializer';
import { decodeFirestoreCloudEvent } from '../../src/projections/eventarc/decode-firestore-cloudevent';
import { documentEventDataType } from '../../src/projections/eventarc/document-event-data';

// Google's own DocumentEventData samples (google-cloudevents testdata; see google-samples/README.md), delivered
// as Eventarc sends them: binary mode, protobuf data, and the proto3 JSON form.
const SAMPLE_DATABASE = { projectId: 'project-id', databaseId: '(default)' };
const sample = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(__dirname, 'google-samples', `DocumentEventData-${name}.json`), 'utf8'));

function headersFor(data: Record<string, unknown>, contentType: string): Record<string, string> {
  const name = (data.value as { name: string }).name;
  return {
    'ce-specversion': '1.0',
    'ce-type': 'google.cloud.firestore.document.v1.created',
    'ce-source': '//firestore.googleapis.com/projects/project-id/databases/(default)',
    'ce-id': '7e0d2cdf-6f0e-4d4c-9b61-2a2e1e7e9c70',
    'ce-subject': name.slice(name.indexOf('/documents/') + 1),
    'content-type': contentType,
  };
}

const asProtobuf = (data: Record<string, unknown>): Buffer => {
  const type = documentEventDataType();
  const message = fromProto3JSON(type, data as JSONValue);
  if (!message) throw new Error('the sample is not a DocumentEventData');
  return Buffer.from(type.encode(message).finish());
};

/** A sample moved into this service's event store: the document path and envelope fields the doorbell needs. */
function asEventDocument(data: Record<string, unknown>): Record<string, unknown> {
  const value = data.value as { name: string; fields: Record<string, unknown> };
  const name = 'projects/project-id/databases/(default)/documents/streams/tenant-acme_corp/events/0000000004';
  const fields = { ...value.fields, partition: { integerValue: '6' }, tenantId: { stringValue: 'acme_corp' } };
  return { ...data, value: { ...value, name, fields } };
}

describe.each(['simple', 'complex'])("Google's %s Firestore sample", (name) => {
  it.each(['application/json', 'application/protobuf'])(
    'as %s: a document outside the event store, ignored',
    (type) => {
      const data = sample(name);
      const body = type === 'application/json' ? Buffer.from(JSON.stringify(data)) : asProtobuf(data);
      const decoded = decodeFirestoreCloudEvent({ headers: headersFor(data, type), body }, SAMPLE_DATABASE);
      const path = (data.value as { name: string }).name.split('/documents/')[1];
      expect(decoded).toEqual(
        E.right({ kind: 'ignored', documentPath: path, reason: expect.stringContaining('not an event document') }),
      );
    },
  );

  it.each(['application/json', 'application/protobuf'])(
    'as %s: moved into the event store, it rings its partition',
    (type) => {
      const data = asEventDocument(sample(name));
      const body = type === 'application/json' ? Buffer.from(JSON.stringify(data)) : asProtobuf(data);
      const decoded = decodeFirestoreCloudEvent({ headers: headersFor(data, type), body }, SAMPLE_DATABASE);
      expect(decoded).toEqual(
        E.right({
          kind: 'event',
          documentPath: 'streams/tenant-acme_corp/events/0000000004',
          partition: 6,
          tenantId: 'acme_corp',
          streamId: 'tenant-acme_corp',
          revision: 4,
        }),
      );
    },
  );

  it("from another project than the service's: ignored, never rung", () => {
    const data = asEventDocument(sample(name));
    const decoded = decodeFirestoreCloudEvent(
      { headers: headersFor(data, 'application/protobuf'), body: asProtobuf(data) },
      { projectId: 'convergence-prod', databaseId: '(default)' },
    );
    expect(decoded).toEqual(
      E.right(expect.objectContaining({ kind: 'ignored', reason: expect.stringContaining('another database') })),
    );
  });
});
