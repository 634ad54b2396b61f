import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { traceContextOf } from '../../observability/trace-context';

/**
 * A correlation id is echoed, logged and stored in every event the request records (and so in the hash-chained
 * log for good): a caller could otherwise smuggle a secret into it. Only shapes that cannot be one of this
 * service's secrets are honoured — a canonical UUID (any version) or the trace id of a W3C `traceparent` —
 * and anything else is replaced. Both patterns (the traceparent one is observability/trace-context.ts's) are
 * anchored with fixed-length classes, so they run in constant time.
 */
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

declare module 'express-serve-static-core' {
  interface Request {
    requestId: string;
  }
}

/** The correlation id: the caller's UUID, else its trace id, else a fresh UUID; echoed on the response. */
export function requestId(req: Request, res: Response, next: NextFunction): void {
  req.requestId = acceptedRequestId(req.header('x-request-id')) ?? traceIdOf(req.header('traceparent')) ?? randomUUID();
  res.setHeader('X-Request-ID', req.requestId);
  next();
}

export function acceptedRequestId(offered: string | undefined): string | undefined {
  return offered !== undefined && CANONICAL_UUID.test(offered) ? offered.toLowerCase() : undefined;
}

/** The trace id of a valid `traceparent`, written as a UUID so every correlation id has one shape. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  const traceId = traceContextOf({ traceparent })?.traceId;
  if (traceId === undefined) return undefined;
  const cuts = [0, 8, 12, 16, 20, 32];
  return cuts
    .slice(1)
    .map((end, index) => traceId.slice(cuts[index], end))
    .join('-');
}
