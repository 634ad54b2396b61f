import { tenantStreamId } from '../../domain/streams';
import type { BrokenLinkReason, StreamVerification } from '../../eventstore';
import { DomainRefusal } from '../domain-refusal';
import type { ServiceContext } from '../service-context';
import { allStreamIds, tenantStreamIds } from './stream-ids';

export interface BrokenStream {
  readonly stream_id: string;
  /** The first event that does not prove its place: everything before it is proven unchanged. */
  readonly revision: number;
  readonly path: string;
  readonly reason: BrokenLinkReason;
  readonly detail: string;
  /** Events verified before the broken link. */
  readonly verified_events: number;
}

export interface VerifyStreamsReport {
  /** `all`, or the tenant whose streams were checked. */
  readonly scope: string;
  readonly ok: boolean;
  readonly streams: number;
  readonly events: number;
  /** Each broken stream with its first broken link, by stream id. */
  readonly broken: readonly BrokenStream[];
  readonly duration_ms: number;
}

export interface VerifyStreamsOptions {
  /** Only this tenant's streams (its tenant stream, runs and usage months). */
  readonly tenantId?: string;
  /** Streams verified at once (default 8). */
  readonly parallelism?: number;
}

/**
 * Walks the hash chain of every stream (or one tenant's) with the store's `verifyStream`, a bounded number of
 * streams at a time, as the stream ids are found. Reports each stream's first broken link.
 */
export async function verifyStreams(
  ctx: Pick<ServiceContext, 'store' | 'db'>,
  options: VerifyStreamsOptions = {},
): Promise<VerifyStreamsReport> {
  const started = Date.now();
  const { tenantId } = options;
  const streamIds =
    tenantId === undefined ? allStreamIds(ctx.db) : withTenantStream(tenantId, tenantStreamIds(ctx.db, tenantId));
  const results: StreamVerification[] = [];
  let failed = false;
  const worker = async (): Promise<void> => {
    // Workers share the generator: an async generator serves concurrent next() calls one at a time, in order.
    try {
      for (let next = await streamIds.next(); !next.done && !failed; next = await streamIds.next())
        results.push(await ctx.store.verifyStream(next.value));
    } catch (error) {
      failed = true; // the other workers stop taking streams: the verification as a whole has failed
      throw error;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.parallelism ?? 8) }, worker));
  const found = results.filter((r) => r.events > 0 || !r.ok);
  if (tenantId !== undefined && found.length === 0)
    throw new DomainRefusal({ code: 'TENANT_NOT_FOUND', message: `Tenant ${tenantId} has no events` });
  const broken = found
    .flatMap((r): BrokenStream[] => (r.ok ? [] : [{ stream_id: r.streamId, ...r.brokenAt, verified_events: r.events }]))
    .sort((a, b) => (a.stream_id < b.stream_id ? -1 : 1));
  return {
    scope: tenantId ?? 'all',
    ok: broken.length === 0,
    streams: found.length,
    events: found.reduce((sum, r) => sum + r.events, 0),
    broken,
    duration_ms: Date.now() - started,
  };
}

/** The tenant's own stream is checked by name too, even if its events no longer say whose they are. */
async function* withTenantStream(tenantId: string, found: AsyncGenerator<string>): AsyncGenerator<string> {
  const own = tenantStreamId(tenantId);
  yield own;
  for await (const streamId of found) if (streamId !== own) yield streamId;
}
