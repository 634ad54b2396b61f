import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { redactSecrets, type KnownSecrets } from '../../security';
import type { ApiErrorCode } from '../error-codes';
import { HttpError, toHttpError } from '../http-error';
import { redactedPath } from '../redacted-path';

/**
 * Codes for a 4xx the request-reading layers (router, body-parser, zlib) raise without a code of ours; any other
 * 4xx of theirs is a 400 BAD_REQUEST (each code has one status).
 */
const CODE_BY_STATUS: Readonly<Partial<Record<number, ApiErrorCode>>> = {
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/**
 * body-parser's and the router's own failures, turned into the API's codes. Their messages are never echoed:
 * they quote the raw path or body, which may hold a key.
 */
function fromRequestReading(error: unknown): HttpError | undefined {
  const { type, status, statusCode } = (error ?? {}) as { type?: unknown; status?: unknown; statusCode?: unknown };
  if (type === 'entity.too.large')
    return new HttpError('PAYLOAD_TOO_LARGE', 'The request body is larger than the service accepts');
  if (type === 'entity.parse.failed') return new HttpError('INVALID_JSON', 'The request body is not valid JSON');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return new HttpError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported body encoding');
  if (error instanceof HttpError) return undefined;
  const httpStatus = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : undefined;
  if (httpStatus === undefined || httpStatus < 400 || httpStatus > 499) return undefined;
  // The router's decodeURIComponent of a path parameter (`%zz`, `%C0%AF`).
  if (error instanceof URIError) return new HttpError('INVALID_PATH', 'The request path is not valid percent-encoding');
  // zlib refusing a body that is not what its Content-Encoding says.
  if (httpStatus === 400 && /^Z_|^ERR_/.test(String((error as { code?: unknown }).code ?? ''))) {
    return new HttpError('INVALID_BODY_ENCODING', 'The request body does not match its Content-Encoding');
  }
  return new HttpError(CODE_BY_STATUS[httpStatus] ?? 'BAD_REQUEST', 'The request could not be read');
}

/** Answers every failure as `{ error, message, details?, request_id }`, redacted: errors never carry secrets. */
export function errorHandler(logger: Logger, knownSecrets?: KnownSecrets) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const httpError = fromRequestReading(error) ?? toHttpError(error);
    // A draining instance's 503 is an answer by design (the caller retries elsewhere), not a fault.
    const fault = httpError.status >= 500 && httpError.code !== 'DRAINING';
    if (fault) logger.error({ err: error, requestId: req.requestId }, 'request failed');
    else logger.info({ code: httpError.code, requestId: req.requestId }, 'request refused');
    const body: Record<string, unknown> = { error: httpError.code, message: httpError.message };
    if (httpError.details !== undefined) body.details = httpError.details;
    body.request_id = req.requestId;
    if (httpError.headers) res.set(httpError.headers);
    res.status(httpError.status).json(redactSecrets(body, knownSecrets ? { knownSecrets } : {}));
  };
}

export function notFound(req: Request, _res: Response, next: NextFunction): void {
  // The path is redacted: a caller may have put a key in it, and errors never carry secrets.
  next(new HttpError('NOT_FOUND', `No route for ${req.method} ${redactedPath(req.path)}`));
}
