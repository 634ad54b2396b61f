import { dirname, isAbsolute, join } from 'node:path';
import * as protobuf from 'protobufjs';

/** `google.events.cloud.firestore.v1.DocumentEventData`, the data Eventarc carries for Firestore document events. */
export const DOCUMENT_EVENT_DATA = 'google.events.cloud.firestore.v1.DocumentEventData';

const VENDORED_PROTO = join(__dirname, 'document-event-data.proto');

/** build/src/index.js → build/protos: the Firestore protos (and their google/api, google/protobuf imports). */
function firestoreProtosDir(): string {
  return join(dirname(require.resolve('@google-cloud/firestore')), '..', 'protos');
}

let cached: protobuf.Type | undefined;

/**
 * The protobufjs type of DocumentEventData: the vendored minimal data.proto, its imports resolved against the
 * protos @google-cloud/firestore ships. Loaded once per process (a synchronous read of a few proto files).
 */
export function documentEventDataType(): protobuf.Type {
  if (cached) return cached;
  const protos = firestoreProtosDir();
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (isAbsolute(target) ? target : join(protos, target));
  root.loadSync(VENDORED_PROTO, { keepCase: false });
  cached = root.lookupType(DOCUMENT_EVENT_DATA);
  return cached;
}

/**
 * A decoded DocumentEventData as plain data, in the shape its proto3 JSON form also has for the fields we read
 * (`value.name`, `value.fields.{f}.integerValue` as a string, `.stringValue`), so both encodings meet one codec.
 */
export function documentEventDataToObject(message: protobuf.Message): Record<string, unknown> {
  return documentEventDataType().toObject(message, {
    longs: String,
    enums: String,
    bytes: String,
    defaults: false,
    arrays: true,
    objects: true,
  });
}
