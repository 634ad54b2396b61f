import type { DecodedWrite, FirestoreProtos } from './firestore-protos';

/** What one RPC is billed for, by Firestore's pricing rules (https://cloud.google.com/firestore/pricing). */
export interface CallBill {
  readonly reads: number;
  readonly writes: number;
  readonly deletes: number;
}

/** Sees one RPC's decoded messages and, when it ends with its grpc-status, says what it cost. */
export interface BillableCall {
  request(body: Uint8Array): void;
  response(body: Uint8Array): void;
  finish(grpcStatus: number | undefined): CallBill;
}

const OK = 0;
const INDEX_ENTRIES_PER_AGGREGATION_READ = 1000;
const FREE: CallBill = { reads: 0, writes: 0, deletes: 0 };

const deletesIn = (writes: readonly DecodedWrite[]): number => writes.filter((w) => w.operation === 'delete').length;

/** The billing rule for a Firestore v1 method, or undefined when the method bills no document operations. */
export function billableCall(method: string, protos: FirestoreProtos): BillableCall | undefined {
  switch (method) {
    case 'Commit':
      return atomicWrites((body) => protos.CommitRequest.decode(body).writes);
    case 'BatchWrite':
      return batchWrite(protos);
    case 'Write':
      return streamedWrites(protos);
    case 'BatchGetDocuments':
      // A missing document of a batched get is billed as a read, like a found one.
      return perResponse((body) => (protos.BatchGetDocumentsResponse.decode(body).result ? 1 : 0));
    case 'RunQuery':
      return query((body) => (protos.RunQueryResponse.decode(body).document ? 1 : 0));
    case 'RunAggregationQuery':
      return aggregation(protos);
    case 'Listen':
      return perResponse((body) => (protos.ListenResponse.decode(body).responseType === 'documentChange' ? 1 : 0));
    case 'GetDocument':
      return perResponse(() => 1);
    case 'ListDocuments':
      return query((body) => protos.ListDocumentsResponse.decode(body).documents.length);
    default:
      return undefined;
  }
}

/** Commit: all writes or none — billed only when the commit succeeds. A transform rides in its write. */
function atomicWrites(writesOf: (body: Uint8Array) => readonly DecodedWrite[]): BillableCall {
  const pending: DecodedWrite[] = [];
  return {
    request: (body) => void pending.push(...writesOf(body)),
    response: () => undefined,
    finish: (status) => (status === OK ? { reads: 0, writes: pending.length, deletes: deletesIn(pending) } : FREE),
  };
}

/** BatchWrite is not atomic: each write has its own status, aligned by position with the request's writes. */
function batchWrite(protos: FirestoreProtos): BillableCall {
  const requested: DecodedWrite[] = [];
  const applied: DecodedWrite[] = [];
  return {
    request: (body) => void requested.push(...protos.BatchWriteRequest.decode(body).writes),
    response: (body) => {
      protos.BatchWriteResponse.decode(body).status.forEach((status, index) => {
        const write = requested[index];
        if (write && (status.code ?? OK) === OK) applied.push(write);
      });
    },
    finish: () => ({ reads: 0, writes: applied.length, deletes: deletesIn(applied) }),
  };
}

/** The streaming Write RPC (unused by the Node client): writes are counted as they are sent. */
function streamedWrites(protos: FirestoreProtos): BillableCall {
  const sent: DecodedWrite[] = [];
  return {
    request: (body) => void sent.push(...protos.WriteRequest.decode(body).writes),
    response: () => undefined,
    finish: () => ({ reads: 0, writes: sent.length, deletes: deletesIn(sent) }),
  };
}

function perResponse(readsIn: (body: Uint8Array) => number): BillableCall {
  let reads = 0;
  return {
    request: () => undefined,
    response: (body) => void (reads += readsIn(body)),
    finish: () => ({ reads, writes: 0, deletes: 0 }),
  };
}

/** A query is billed per document returned, and at least one read even when it returns none. */
function query(readsIn: (body: Uint8Array) => number): BillableCall {
  const documents = perResponse(readsIn);
  return {
    ...documents,
    finish: (status) => {
      const bill = documents.finish(status);
      return status === OK && bill.reads === 0 ? { ...bill, reads: 1 } : bill;
    },
  };
}

/**
 * Aggregations bill one read per up to 1000 index entries matched. Only count() reveals that number (its
 * result); for sum() and avg() it is unknown, so such a result is counted as one read — a lower bound.
 */
function aggregation(protos: FirestoreProtos): BillableCall {
  const countAliases = new Set<string>();
  let onlyCounts = true;
  let reads = 0;
  return {
    request: (body) => {
      const aggregations = protos.RunAggregationQueryRequest.decode(body).structuredAggregationQuery?.aggregations;
      for (const [index, aggregation] of (aggregations ?? []).entries()) {
        const alias = aggregation.alias || `aggregate_${index}`;
        if (aggregation.count) countAliases.add(alias);
        else onlyCounts = false;
      }
    },
    response: (body) => {
      const fields = protos.RunAggregationQueryResponse.decode(body).result?.aggregateFields;
      if (!fields) return;
      const counted = Object.entries(fields)
        .filter(([alias]) => countAliases.has(alias))
        .map(([, value]) => Number(String(value.integerValue ?? 0)));
      const entries = onlyCounts && counted.length > 0 ? Math.max(...counted) : 0;
      reads += Math.max(1, Math.ceil(entries / INDEX_ENTRIES_PER_AGGREGATION_READ));
    },
    finish: () => ({ reads, writes: 0, deletes: 0 }),
  };
}
