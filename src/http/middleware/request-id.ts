import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

declare module 'express-serve-static-core' {
  interface Request {
    requestId: string;
  }
}

/** Honours a caller's X-Request-ID when it is safe to log, else makes one; echoes it on the response. */
export function requestId(req: Request, res: Response, next: NextFunction): void {
  const offered = req.header('x-request-id');
  req.requestId = offered && SAFE_REQUEST_ID.test(offered) ? offered : randomUUID();
  res.setHeader('X-Request-ID', req.requestId);
  next();
}
