import { DispatchError } from '../../src/dispatch';
import { toDispatchError } from '../../src/dispatch/errors';

const grpcError = (code: number, details: string) =>
  Object.assign(new Error(`${code} X: ${details}`), { code, details, metadata: { authorization: 'Bearer secret' } });

describe('toDispatchError', () => {
  it.each([
    [3, 'INVALID_REQUEST', false],
    [5, 'QUEUE_NOT_FOUND', false],
    [7, 'PERMISSION_DENIED', false],
    [16, 'PERMISSION_DENIED', false],
    [9, 'FAILED_PRECONDITION', false],
    [14, 'UNAVAILABLE', true],
    [8, 'UNAVAILABLE', true],
    [13, 'UNAVAILABLE', true],
    [4, 'TIMEOUT', true],
    [2, 'UNKNOWN', false],
  ])('maps gRPC status %i to %s (retryable: %s)', (status, code, retryable) => {
    const error = toDispatchError(
      grpcError(status, 'server says no'),
      'createTask',
      'projects/p/locations/l/queues/q/tasks/t',
    );
    expect(error).toBeInstanceOf(DispatchError);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.message).toBe(`createTask projects/p/locations/l/queues/q/tasks/t: ${code}: server says no`);
    expect(error.details).toEqual({
      operation: 'createTask',
      resource: 'projects/p/locations/l/queues/q/tasks/t',
      grpcCode: status,
    });
  });

  it('keeps nothing of the original error but its status text', () => {
    const error = toDispatchError(grpcError(14, 'unavailable'), 'getQueue', 'q');
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('secret');
    expect(error.cause).toBeUndefined();
  });

  it('passes a DispatchError through unchanged and maps anything else to UNKNOWN', () => {
    const original = new DispatchError('INVALID_REQUEST', 'bad');
    expect(toDispatchError(original, 'x', 'y')).toBe(original);
    expect(toDispatchError('boom', 'x', 'y')).toMatchObject({ code: 'UNKNOWN', message: 'x y: UNKNOWN: boom' });
  });
});
