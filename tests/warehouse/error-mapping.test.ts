import { toWarehouseError } from '../../src/warehouse/bigquery/map-error';
import { redactMessage } from '../../src/warehouse/bigquery/redact';

/** The shape @google-cloud/common's ApiError has: HTTP status in `code`, BigQuery's error list in `errors`. */
function apiError(code: number, reason: string, message: string): Error {
  return Object.assign(new Error(message), { code, errors: [{ reason, message }] });
}

describe('client errors become typed WarehouseErrors', () => {
  it.each([
    [apiError(404, 'notFound', 'Not found: Table p:d.t was not found in location US'), 'NOT_FOUND'],
    [apiError(409, 'duplicate', 'Already Exists: Dataset p:d'), 'ALREADY_EXISTS'],
    [apiError(400, 'invalidQuery', 'Syntax error: Unexpected identifier "SELEC" at [1:1]'), 'INVALID_QUERY'],
    [apiError(403, 'accessDenied', 'Access Denied: Project p'), 'PERMISSION_DENIED'],
    [apiError(400, 'stopped', 'Job execution was cancelled: User requested cancellation'), 'CANCELLED'],
    [apiError(400, 'stopped', 'Job execution was cancelled: Job timed out after 1 sec'), 'TIMEOUT'],
    [apiError(500, 'backendError', 'Backend error'), 'UNAVAILABLE'],
    [apiError(503, 'whatever', 'Service unavailable'), 'UNAVAILABLE'],
    [apiError(403, 'rateLimitExceeded', 'Exceeded rate limits'), 'UNAVAILABLE'],
    [
      apiError(400, 'invalidQuery', 'Could not serialize access to table p:d.t due to concurrent update'),
      'UNAVAILABLE',
    ],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), 'UNAVAILABLE'],
    [Object.assign(new Error('network timeout at: http://x'), { type: 'request-timeout' }), 'TIMEOUT'],
    [new Error('something odd'), 'UNKNOWN'],
  ])('%s → %s', (error, code) => {
    expect(toWarehouseError(error, { operation: 'runQuery' }).code).toBe(code);
  });

  it('names the operation, resource and job, and keeps the server reason in details', () => {
    const error = toWarehouseError(apiError(404, 'notFound', 'Not found: Dataset p:acme'), {
      operation: 'ensureTable',
      resource: 'acme.t',
      jobId: 'j1',
    });
    expect(error.message).toContain('ensureTable acme.t job j1');
    expect(error.details).toEqual({
      operation: 'ensureTable',
      resource: 'acme.t',
      jobId: 'j1',
      httpStatus: 404,
      reason: 'notFound',
    });
  });

  it('blanks quoted literals and the values that were sent from server messages', () => {
    const error = toWarehouseError(
      apiError(400, 'invalidQuery', "Bad int64 value: tok-3141592 in 'tok-3141592' at [1:8]"),
      {
        operation: 'runQuery',
        sentValues: () => ['tok-3141592'],
      },
    );
    expect(error.message).not.toContain('tok-3141592');
    expect(error.message).toContain('at [1:8]');
    expect(redactMessage('x'.repeat(1000)).length).toBeLessThanOrEqual(401);
  });

  it('does not keep the original error (whose request carries parameter values) as its cause', () => {
    const error = toWarehouseError(apiError(400, 'invalidQuery', 'bad'), { operation: 'runQuery' });
    expect((error as Error & { cause?: unknown }).cause).toBeUndefined();
  });
});
