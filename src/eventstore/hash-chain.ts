import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EventMeta } from './types';

/** The `prevHash` of every stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** Everything an event's hash covers: the whole stored event except `recordedAt` (set by the server) and `hash`. */
export interface HashedFields {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: number;
  readonly tenantId: string;
  readonly partition: number;
  readonly meta: EventMeta;
  readonly prevHash: string;
}

/** hash = sha256(prevHash ‖ canonical JSON (RFC 8785) of the hashed fields). */
export function eventHash(fields: HashedFields): string {
  const { type, schemaVersion, data, eventId, streamId, revision, tenantId, partition, meta, prevHash } = fields;
  const body = canonicalJson({
    type,
    schemaVersion,
    data,
    eventId,
    streamId,
    revision,
    tenantId,
    partition,
    meta,
    prevHash,
  });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}
