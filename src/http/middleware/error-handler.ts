import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { redactSecrets, type KnownSecrets } from '../../security';
import { HttpError, toHttpError } from '../http-error';
import { redactedPath } from '../redacted-path';

/** body-parser's own failures, turned into the API's codes. */
function fromBodyParser(error: unknown): HttpError | undefined {
  const type = (error as { type?: string }).type;
  if (type === 'entity.too.large') return new HttpError(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than the service accepts');
  if (type === 'entity.parse.failed') return new HttpError(400, 'INVALID_JSON', 'The request body is not valid JSON');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported body encoding');
  return undefined;
}

/** Answers every failure as `{ error, message, details?, request_id }`, redacted: errors never carry secrets. */
export function errorHandler(logger: Logger, knownSecrets?: KnownSecrets) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const httpError = fromBodyParser(error) ?? toHttpError(error);
    if (httpError.status >= 500) logger.error({ err: error, requestId: req.requestId }, 'request failed');
    else logger.info({ code: httpError.code, requestId: req.requestId }, 'request refused');
    const body: Record<string, unknown> = { error: httpError.code, message: httpError.message };
    if (httpError.details !== undefined) body.details = httpError.details;
    body.request_id = req.requestId;
    res.status(httpError.status).json(redactSecrets(body, knownSecrets ? { knownSecrets } : {}));
  };
}

export function notFound(req: Request, _res: Response, next: NextFunction): void {
  // The path is redacted: a caller may have put a key in it, and errors never carry secrets.
  next(new HttpError(404, 'NOT_FOUND', `No route for ${req.method} ${redactedPath(req.path)}`));
}
