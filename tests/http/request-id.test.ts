import { acceptedRequestId, traceIdOf } from '../../src/http/middleware/request-id';

/** The formats a caller's correlation id must have before it is echoed, logged and stored in events. */
describe('acceptedRequestId', () => {
  it('accepts a canonical UUID of any version, lower-cased', () => {
    expect(acceptedRequestId('0F8FA6D2-4C1E-4B43-9A52-6F1AB0C7D9E1')).toBe('0f8fa6d2-4c1e-4b43-9a52-6f1ab0c7d9e1');
    expect(acceptedRequestId('00000000-0000-7000-8000-000000000000')).toBe('00000000-0000-7000-8000-000000000000');
  });

  it('refuses anything else, including secrets that the old [A-Za-z0-9._-]{8,100} rule let through', () => {
    for (const offered of [
      undefined,
      '',
      'trace-1234.abcd',
      '0f8fa6d24c1e4b439a526f1ab0c7d9e1',
      '{0f8fa6d2-4c1e-4b43-9a52-6f1ab0c7d9e1}',
      ' 0f8fa6d2-4c1e-4b43-9a52-6f1ab0c7d9e1',
      '0f8fa6d2-4c1e-4b43-9a52-6f1ab0c7d9e1\n',
      'cvg_admin_aGVsbG8td29ybGQtaGVsbG8td29ybGQtMTIz',
      'cvg_0123456789abcdef0123_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ',
    ])
      expect(acceptedRequestId(offered)).toBeUndefined();
  });
});

describe('traceIdOf', () => {
  it('derives the trace id of a valid traceparent, written as a UUID', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(traceIdOf(traceparent)).toBe('4bf92f35-77b3-4da6-a3ce-929d0e0e4736');
  });

  it('refuses malformed, upper-case, all-zero and version-ff traceparents', () => {
    for (const header of [
      undefined,
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7',
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01',
      `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`,
      `00-4bf92f3577b34da6a3ce929d0e0e4736-${'0'.repeat(16)}-01`,
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736aa-00f067aa0ba902b7-01',
      '00-cvg_admin_aGVsbG8td29ybGQtaGVs-00f067aa0ba902b7-01',
    ])
      expect(traceIdOf(header)).toBeUndefined();
  });
});
