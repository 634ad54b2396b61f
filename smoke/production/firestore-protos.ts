import { readFileSync } from 'node:fs';
import path from 'node:path';
import protobuf from 'protobufjs';

// The protobuf descriptor the Firestore client itself ships (build/protos/v1.json, what its gRPC layer
// loads). Its static module (firestore_v1_proto_api.js) is built without decode(), so it cannot serve.
// The package's `exports` map hides both, so the file is found next to the client's resolved entry point.
interface Decoder<T> {
  decode(bytes: Uint8Array): T;
}

export interface DecodedWrite {
  readonly operation?: 'update' | 'delete' | 'transform';
}
export interface WritesCarrier {
  readonly writes: readonly DecodedWrite[];
}
export interface BatchGetDocumentsResponse {
  readonly result?: 'found' | 'missing';
}
export interface RunQueryResponse {
  readonly document?: unknown;
}
export interface Aggregation {
  readonly alias?: string;
  readonly count?: unknown;
}
export interface RunAggregationQueryRequest {
  readonly structuredAggregationQuery?: { readonly aggregations: readonly Aggregation[] } | null;
}
export interface RunAggregationQueryResponse {
  readonly result?: { readonly aggregateFields: Record<string, { readonly integerValue?: unknown }> } | null;
}
export interface BatchWriteResponse {
  readonly status: readonly { readonly code?: number }[];
}
export interface ListenResponse {
  readonly responseType?: string;
}
export interface ListDocumentsResponse {
  readonly documents: readonly unknown[];
}

export interface FirestoreProtos {
  readonly CommitRequest: Decoder<WritesCarrier>;
  readonly BatchWriteRequest: Decoder<WritesCarrier>;
  readonly BatchWriteResponse: Decoder<BatchWriteResponse>;
  readonly WriteRequest: Decoder<WritesCarrier>;
  readonly BatchGetDocumentsResponse: Decoder<BatchGetDocumentsResponse>;
  readonly RunQueryResponse: Decoder<RunQueryResponse>;
  readonly RunAggregationQueryRequest: Decoder<RunAggregationQueryRequest>;
  readonly RunAggregationQueryResponse: Decoder<RunAggregationQueryResponse>;
  readonly ListenResponse: Decoder<ListenResponse>;
  readonly ListDocumentsResponse: Decoder<ListDocumentsResponse>;
}

const NEEDED: readonly (keyof FirestoreProtos)[] = [
  'CommitRequest',
  'BatchWriteRequest',
  'BatchWriteResponse',
  'WriteRequest',
  'BatchGetDocumentsResponse',
  'RunQueryResponse',
  'RunAggregationQueryRequest',
  'RunAggregationQueryResponse',
  'ListenResponse',
  'ListDocumentsResponse',
];

export class FirestoreProtosUnavailable extends Error {
  readonly code = 'FIRESTORE_PROTOS_UNAVAILABLE';
}

let loaded: FirestoreProtos | undefined;

/** The google.firestore.v1 message decoders, checked once so a client upgrade fails loudly by name. */
export function firestoreProtos(): FirestoreProtos {
  if (loaded) return loaded;
  const entry = require.resolve('@google-cloud/firestore');
  const file = path.join(path.dirname(entry), '..', 'protos', 'v1.json');
  const root = protobuf.Root.fromJSON(JSON.parse(readFileSync(file, 'utf8')) as protobuf.INamespace);
  const missing = NEEDED.filter((name) => !root.lookup(`google.firestore.v1.${name}`));
  if (missing.length > 0) {
    throw new FirestoreProtosUnavailable(`${file} lacks google.firestore.v1 ${missing.join(', ')}`);
  }
  loaded = Object.fromEntries(
    NEEDED.map((name) => [name, root.lookupType(`google.firestore.v1.${name}`)]),
  ) as unknown as FirestoreProtos;
  return loaded;
}
