import { decodeFirestoreMessage, type DecodedMessage } from './firestore-protos';

/**
 * What Firestore would bill for one gRPC call, from the messages it carries (https://cloud.google.com/firestore/pricing):
 * a document read for each document a get, query or listener returns, a missing document of a batched get included;
 * one read for a query that returned nothing (the minimum charge); a write for each Write applied, its transforms
 * included. Deletes are billed on a SKU of their own; here they count as writes and are also reported as `deletes`.
 * Writes count only once the service accepted them (a failed commit applies nothing).
 */
export interface Charge {
  readonly reads: number;
  readonly writes: number;
  readonly deletes: number;
}

export const NO_CHARGE: Charge = { reads: 0, writes: 0, deletes: 0 };

export interface BillableCall {
  /** Each request message the client sent. */
  onRequest(payload: Uint8Array): Charge;
  /** Each response message the service sent. */
  onResponse(payload: Uint8Array): Charge;
  /** The call's grpc-status (undefined when the stream broke off without one). */
  onEnd(grpcStatus: number | undefined): Charge;
}

const OK = 0;

const reads = (count: number): Charge => ({ reads: count, writes: 0, deletes: 0 });

function writesOf(writes: readonly DecodedMessage[]): Charge {
  const deletes = writes.filter((write) => write.has('delete')).length;
  return { reads: 0, writes: writes.length, deletes };
}

const free: BillableCall = { onRequest: () => NO_CHARGE, onResponse: () => NO_CHARGE, onEnd: () => NO_CHARGE };

/** A commit's writes are billed when it succeeds. */
function commit(): BillableCall {
  let requested = NO_CHARGE;
  return {
    onRequest: (payload) => {
      requested = writesOf(decodeFirestoreMessage('CommitRequest', payload).list('writes'));
      return NO_CHARGE;
    },
    onResponse: () => NO_CHARGE,
    onEnd: (status) => (status === OK ? requested : NO_CHARGE),
  };
}

/** BatchWrite applies each write on its own: only those whose status is OK are billed. */
function batchWrite(): BillableCall {
  let requested: readonly DecodedMessage[] = [];
  return {
    onRequest: (payload) => {
      requested = decodeFirestoreMessage('BatchWriteRequest', payload).list('writes');
      return NO_CHARGE;
    },
    onResponse: (payload) => {
      const statuses = decodeFirestoreMessage('BatchWriteResponse', payload).list('status');
      return writesOf(requested.filter((_write, index) => (statuses[index]?.number('code') ?? OK) === OK));
    },
    onEnd: () => NO_CHARGE,
  };
}

/** The streaming Write RPC (not used by the Node client): writes are billed as they are sent. */
function streamingWrite(): BillableCall {
  return {
    onRequest: (payload) => writesOf(decodeFirestoreMessage('WriteRequest', payload).list('writes')),
    onResponse: () => NO_CHARGE,
    onEnd: () => NO_CHARGE,
  };
}

function batchGet(): BillableCall {
  return {
    onRequest: () => NO_CHARGE,
    onResponse: (payload) => {
      const response = decodeFirestoreMessage('BatchGetDocumentsResponse', payload);
      return reads(response.has('found') || response.has('missing') ? 1 : 0);
    },
    onEnd: () => NO_CHARGE,
  };
}

/** A query costs a read per document returned, and at least one read when it succeeds. */
function minimumOneRead(readsIn: (payload: Uint8Array) => number): BillableCall {
  let returned = 0;
  return {
    onRequest: () => NO_CHARGE,
    onResponse: (payload) => {
      const count = readsIn(payload);
      returned += count;
      return reads(count);
    },
    onEnd: (status) => reads(status === OK && returned === 0 ? 1 : 0),
  };
}

const queryDocuments = (payload: Uint8Array) =>
  decodeFirestoreMessage('RunQueryResponse', payload).has('document') ? 1 : 0;
const listedDocuments = (payload: Uint8Array) =>
  decodeFirestoreMessage('ListDocumentsResponse', payload).list('documents').length;
/**
 * An aggregation is billed a read per 1000 index entries it matched, which the response does not say: each
 * result is counted as one read, exact for anything that matched at most 1000 entries.
 */
const aggregationResults = (payload: Uint8Array) =>
  decodeFirestoreMessage('RunAggregationQueryResponse', payload).has('result') ? 1 : 0;

/** A listener is billed a read for each document delivered to it (added or changed). */
function listen(): BillableCall {
  return {
    onRequest: () => NO_CHARGE,
    onResponse: (payload) => {
      const change = decodeFirestoreMessage('ListenResponse', payload).child('documentChange');
      return reads(change?.has('document') ? 1 : 0);
    },
    onEnd: () => NO_CHARGE,
  };
}

/** The unary document RPCs answer only on success, with one document (or Empty for a delete). */
function unary(charge: Charge): BillableCall {
  return { onRequest: () => NO_CHARGE, onResponse: () => charge, onEnd: () => NO_CHARGE };
}

const BILLABLE: Readonly<Record<string, () => BillableCall>> = {
  Commit: commit,
  BatchWrite: batchWrite,
  Write: streamingWrite,
  BatchGetDocuments: batchGet,
  RunQuery: () => minimumOneRead(queryDocuments),
  RunAggregationQuery: () => minimumOneRead(aggregationResults),
  ListDocuments: () => minimumOneRead(listedDocuments),
  Listen: listen,
  GetDocument: () => unary(reads(1)),
  CreateDocument: () => unary({ reads: 0, writes: 1, deletes: 0 }),
  UpdateDocument: () => unary({ reads: 0, writes: 1, deletes: 0 }),
  DeleteDocument: () => unary({ reads: 0, writes: 1, deletes: 1 }),
};

const SERVICE_PREFIX = '/google.firestore.v1.Firestore/';

/** The method's short name (`Commit`), or the whole path for anything outside the Firestore v1 service. */
export function methodName(path: string): string {
  return path.startsWith(SERVICE_PREFIX) ? path.slice(SERVICE_PREFIX.length) : path;
}

/** Whether the meter must read the call's messages at all (BeginTransaction, Rollback & co. are free). */
export function isBillable(method: string): boolean {
  return Object.prototype.hasOwnProperty.call(BILLABLE, method);
}

export function billableCall(method: string): BillableCall {
  return isBillable(method) ? (BILLABLE[method] as () => BillableCall)() : free;
}
