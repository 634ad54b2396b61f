import { childTraceparent, newTraceContext, traceContextOf } from '../../src/observability/trace-context';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('traceContextOf', () => {
  it('reads a W3C traceparent: trace, parent span and the sampled flag', () => {
    expect(traceContextOf({ traceparent: `00-${TRACE}-00f067aa0ba902b7-01` })).toEqual({
      traceId: TRACE,
      spanId: '00f067aa0ba902b7',
      sampled: true,
    });
    expect(traceContextOf({ traceparent: `00-${TRACE}-00f067aa0ba902b7-00` })?.sampled).toBe(false);
  });

  it('reads X-Cloud-Trace-Context, its decimal span id written as 16 hex digits', () => {
    expect(traceContextOf({ xCloudTraceContext: `${TRACE.toUpperCase()}/1;o=1` })).toEqual({
      traceId: TRACE,
      spanId: '0000000000000001',
      sampled: true,
    });
    expect(traceContextOf({ xCloudTraceContext: TRACE })).toEqual({ traceId: TRACE, sampled: false });
  });

  it('prefers traceparent when both headers came', () => {
    const other = 'a'.repeat(32);
    const both = traceContextOf({
      traceparent: `00-${TRACE}-00f067aa0ba902b7-01`,
      xCloudTraceContext: `${other}/7;o=1`,
    });
    expect(both?.traceId).toBe(TRACE);
  });

  it.each([
    ['an all-zero trace id', { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` }],
    ['an all-zero parent id', { traceparent: `00-${TRACE}-0000000000000000-01` }],
    ['version ff', { traceparent: `ff-${TRACE}-00f067aa0ba902b7-01` }],
    ['upper-case traceparent hex', { traceparent: `00-${TRACE.toUpperCase()}-00f067aa0ba902b7-01` }],
    ['a short cloud trace id', { xCloudTraceContext: 'abc/1;o=1' }],
    ['an all-zero cloud trace id', { xCloudTraceContext: `${'0'.repeat(32)}/1` }],
  ])('ignores %s', (_name, headers) => {
    expect(traceContextOf(headers)).toBeUndefined();
  });

  it('drops a cloud span id beyond 64 bits but keeps the trace', () => {
    expect(traceContextOf({ xCloudTraceContext: `${TRACE}/99999999999999999999` })).toEqual({
      traceId: TRACE,
      sampled: false,
    });
  });
});

describe('new and child contexts', () => {
  it('starts a trace of 32 hex digits, unsampled', () => {
    const trace = newTraceContext();
    expect(trace.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(trace.sampled).toBe(false);
    expect(newTraceContext().traceId).not.toBe(trace.traceId);
  });

  it('writes a child traceparent on the same trace with a fresh span that reads back', () => {
    const header = childTraceparent({ traceId: TRACE, spanId: '00f067aa0ba902b7', sampled: true });
    expect(header).toMatch(new RegExp(`^00-${TRACE}-[0-9a-f]{16}-01$`));
    expect(traceContextOf({ traceparent: header })).toMatchObject({ traceId: TRACE, sampled: true });
    expect(header).not.toContain('00f067aa0ba902b7');
  });
});
