import { toProto3JSON } from 'proto3-json-serializer';
import { documentEventDataType } from '../../src/projections/eventarc/document-event-data';
import type { CloudEventDelivery } from '../../src/projections/eventarc/decode-firestore-cloudevent';

/** Fixtures of Eventarc deliveries, their data ENCODED WITH THE PROTOS (protobufjs; proto3 JSON by proto3-json-serializer). */

export const PROJECT = 'convergence-local';
const DATABASE = `projects/${PROJECT}/databases/(default)`;

export type FieldValue =
  { integerValue: number } | { stringValue: string } | { doubleValue: number } | { nullValue: 'NULL_VALUE' };

export function documentName(path: string, projectId = PROJECT): string {
  return `projects/${projectId}/databases/(default)/documents/${path}`;
}

/** A DocumentEventData message (created: value only), as protobufjs builds it from plain data. */
export function documentEventData(path: string, fields: Record<string, FieldValue>, extra: DocumentExtras = {}) {
  const type = documentEventDataType();
  const value = {
    name: documentName(path, extra.projectId),
    fields,
    createTime: { seconds: 1_795_764_199, nanos: 829_958_000 },
    updateTime: { seconds: 1_795_764_199, nanos: 829_958_000 },
  };
  return type.fromObject(extra.omitValue ? { oldValue: value } : { value });
}

export function eventFields(partition: number, tenantId: string): Record<string, FieldValue> {
  return {
    partition: { integerValue: partition },
    tenantId: { stringValue: tenantId },
    type: { stringValue: 'RunRequested' },
    schemaVersion: { integerValue: 1 },
  };
}

/** `omitValue`: only an old value (not a creation); `projectId`: the document's project (default PROJECT). */
export interface DocumentExtras {
  readonly omitValue?: boolean;
  readonly projectId?: string;
}

export function protobufBytes(path: string, fields: Record<string, FieldValue>, extra: DocumentExtras = {}): Buffer {
  return Buffer.from(
    documentEventDataType()
      .encode(documentEventData(path, fields, extra))
      .finish(),
  );
}

/** The canonical proto3 JSON form (RFC 3339 timestamps, int64 as strings), as Google's clients write it. */
export function jsonBytes(path: string, fields: Record<string, FieldValue>): Buffer {
  return Buffer.from(JSON.stringify(toProto3JSON(documentEventData(path, fields))));
}

export function ceHeaders(path: string, overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const headers: Record<string, string | undefined> = {
    'ce-specversion': '1.0',
    'ce-type': 'google.cloud.firestore.document.v1.created',
    'ce-source': `//firestore.googleapis.com/${DATABASE}`,
    'ce-id': 'b5a6a3ae-0c0e-4f70-9c55-3e1b7d1f3f11',
    'ce-subject': `documents/${path}`,
    'ce-time': '2026-11-27T07:23:19Z',
    'content-type': 'application/protobuf',
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

export function delivery(
  path: string,
  body: Buffer,
  overrides: Record<string, string | undefined> = {},
): CloudEventDelivery {
  return { headers: ceHeaders(path, overrides), body };
}

/**
 * One delivery exactly as the Firestore emulator's hook sent it (cloud-firestore-emulator of the gcloud SDK,
 * `--functions_emulator`, trigger on `streams/{streamId}/events/{revision}`, a REST create of
 * streams/run-x/events/0000000003 with partition 5, tenantId acme_corp, type RunRequested in project exp-p):
 * the body is base64 TEXT of the protobuf.
 */
export const RECORDED_EMULATOR_DELIVERY: CloudEventDelivery = {
  headers: {
    'accept-encoding': 'gzip',
    'user-agent': 'Google-HTTP-Java-Client/unknown-version (gzip)',
    'ce-specversion': '1.0',
    'ce-type': 'google.cloud.firestore.document.v1.created',
    'ce-source': '//firestore.googleapis.com/projects/projects/exp-p/databases/(default)',
    'ce-id': 'fd8185e3-81b6-46f4-abe1-660041bb6b45',
    'ce-subject': 'documents/streams/run-x/events/0000000003',
    'ce-time': '2026-11-27T07:23:19Z',
    'ce-datacontenttype': 'application/protobuf',
    'ce-dataschema':
      'https://github.com/googleapis/google-cloudevents/blob/main/proto/google/events/cloud/firestore/v1/data.proto',
    'ce-location': 'us-central1',
    'ce-project': 'exp-p',
    'ce-database': '(default)',
    'ce-namespace': '(default)',
    'ce-document': 'streams/run-x/events/0000000003',
    'content-type': 'application/protobuf',
  },
  body: Buffer.from(
    'Cq4BCkxwcm9qZWN0cy9leHAtcC9kYXRhYmFzZXMvKGRlZmF1bHQpL2RvY3VtZW50cy9zdHJlYW1zL3J1bi14L2V2ZW50cy8wMDAwMDAwMDAzEg8KCXBhcnRpdGlvbhICEAUSGAoI' +
      'dGVuYW50SWQSDIoBCWFjbWVfY29ycBIXCgR0eXBlEg+KAQxSdW5SZXF1ZXN0ZWQaDAjn36TYBhDwzuCLAyIMCOffpNgGEPDO4IsDGgA=',
    'latin1',
  ),
};
