import { randomBytes } from 'node:crypto';

/** The W3C trace context of one request: what Cloud Logging joins a request's lines by. */
export interface TraceContext {
  /** 32 lowercase hex digits, never all zeros. */
  readonly traceId: string;
  /** 16 lowercase hex digits: the caller's span, absent when the trace started here. */
  readonly spanId?: string;
  readonly sampled: boolean;
}

/** `version-traceid-parentid-flags`; `ff` is an invalid version (W3C Trace Context §3.2). */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
/** `TRACE_ID/SPAN_ID;o=OPTIONS`, the span id in decimal (Google's legacy header). */
const CLOUD_TRACE_CONTEXT = /^([0-9a-fA-F]{32})(?:\/(\d{1,20}))?(?:;o=([01]))?$/;
const ALL_ZEROS = /^0+$/;
const MAX_SPAN_ID = (1n << 64n) - 1n;

export interface TraceHeaders {
  readonly traceparent?: string | undefined;
  readonly xCloudTraceContext?: string | undefined;
}

/**
 * The caller's trace: `traceparent` first (Cloud Run sends both, and it is the standard), then
 * `X-Cloud-Trace-Context`. A malformed header is ignored rather than refused: tracing never fails a request.
 */
export function traceContextOf(headers: TraceHeaders): TraceContext | undefined {
  return fromTraceparent(headers.traceparent) ?? fromCloudTraceContext(headers.xCloudTraceContext);
}

/** A trace that starts here (Cloud Scheduler's ticks arrive without one when called directly). */
export function newTraceContext(): TraceContext {
  return { traceId: randomHex(16), sampled: false };
}

/** The `traceparent` for a call made on this trace's behalf: same trace, a new span. */
export function childTraceparent(trace: TraceContext): string {
  return `00-${trace.traceId}-${randomHex(8)}-${trace.sampled ? '01' : '00'}`;
}

function fromTraceparent(header: string | undefined): TraceContext | undefined {
  const match = header === undefined ? null : TRACEPARENT.exec(header.trim());
  if (!match) return undefined;
  const [, version = '', traceId = '', spanId = '', flags = '00'] = match;
  if (version === 'ff' || ALL_ZEROS.test(traceId) || ALL_ZEROS.test(spanId)) return undefined;
  return { traceId, spanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
}

function fromCloudTraceContext(header: string | undefined): TraceContext | undefined {
  const match = header === undefined ? null : CLOUD_TRACE_CONTEXT.exec(header.trim());
  if (!match) return undefined;
  const [, rawTraceId = '', decimalSpan, options] = match;
  const traceId = rawTraceId.toLowerCase();
  if (ALL_ZEROS.test(traceId)) return undefined;
  const span = decimalSpan === undefined ? 0n : BigInt(decimalSpan);
  const spanId = span > 0n && span <= MAX_SPAN_ID ? span.toString(16).padStart(16, '0') : undefined;
  return { traceId, ...(spanId ? { spanId } : {}), sampled: options === '1' };
}

function randomHex(bytes: number): string {
  for (;;) {
    const hex = randomBytes(bytes).toString('hex');
    if (!ALL_ZEROS.test(hex)) return hex;
  }
}
