import type { DocumentData, Timestamp } from '@google-cloud/firestore';

/** An event as a command handler produces it: plain readonly data with a literal `type`. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  /** Deterministic id when the caller has one (idempotent producers); a uuid otherwise. */
  readonly eventId?: string;
}

export interface EventMeta {
  readonly correlationId: string;
  readonly causationId: string | null;
  /** Who was authenticated: `admin`, `key:<keyId>`, `serviceAccount:<email>`, `scheduler`, `system`. */
  readonly actor: string;
  /** What the caller said about its user (`X-User-ID`): recorded apart, since nothing proves it. */
  readonly assertedUserId?: string;
  /** When the caller says it happened (client clock); `recordedAt` is the commit time. */
  readonly occurredAt: string;
}

/** Where an event sits in its partition's order: commit time, then document path. */
export interface Position {
  readonly seconds: number;
  readonly nanoseconds: number;
  readonly path: string;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly schemaVersion: number;
  readonly data: Data;
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: number;
  readonly tenantId: string;
  readonly partition: number;
  readonly recordedAt: Timestamp;
  readonly meta: EventMeta;
  readonly prevHash: string;
  readonly hash: string;
  readonly position: Position;
}

declare const readFromStore: unique symbol;

/**
 * The last revision and hash of a stream as the store returned them (readStream, append). Passing it as the
 * expected revision saves the read of the previous event's hash; it cannot be built by hand, so it can only
 * be stale (which fails on create), never ahead of the stream.
 */
export interface StreamHead {
  readonly revision: number;
  readonly hash: string;
  readonly [readFromStore]: true;
}

/**
 * `no_stream`: the stream must not exist; `any`: append after whatever is there; a number: the last revision
 * the caller saw (0 = empty); a StreamHead: the same, with the hash already known.
 */
export type ExpectedRevision = number | 'no_stream' | 'any' | StreamHead;

/** A document write committed atomically with the events (inline read models). Paths under `streams/` are refused. */
export type InlineWrite =
  | { readonly op: 'create'; readonly path: string; readonly data: DocumentData }
  | { readonly op: 'set'; readonly path: string; readonly data: DocumentData; readonly merge?: boolean }
  | { readonly op: 'update'; readonly path: string; readonly data: DocumentData; readonly lastUpdateTime?: Timestamp }
  | { readonly op: 'delete'; readonly path: string; readonly lastUpdateTime?: Timestamp };

export interface AppendOptions {
  /** The tenant the stream belongs to (`_system` for the system stream); decides the partition. */
  readonly tenantId: string;
  readonly correlationId?: string;
  readonly causationId?: string | null;
  readonly actor?: string;
  readonly assertedUserId?: string;
  readonly occurredAt?: Date;
  readonly inlineWrites?: readonly InlineWrite[];
}

export interface AppendResult {
  readonly streamId: string;
  readonly firstRevision: number;
  readonly lastRevision: number;
  readonly head: StreamHead;
  readonly position: Position;
  readonly eventIds: readonly string[];
}

/** Only the store makes heads. */
export function streamHead(revision: number, hash: string): StreamHead {
  return { revision, hash } as StreamHead;
}
