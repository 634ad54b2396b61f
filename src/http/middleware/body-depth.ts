import type { NextFunction, Request, Response } from 'express';
import { HttpError } from '../http-error';

/** Deeper JSON than any API body needs; checked before decoding so no recursive walk meets a hostile depth. */
export const MAX_BODY_DEPTH = 64;

/** How deep `value` nests, counted iteratively (no recursion), stopping as soon as `limit` is passed. */
export function exceedsDepth(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current))
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** Refuses a parsed JSON body nested deeper than MAX_BODY_DEPTH with 400 BODY_TOO_DEEP. */
export function limitBodyDepth(req: Request, _res: Response, next: NextFunction): void {
  if (exceedsDepth(req.body, MAX_BODY_DEPTH)) {
    next(new HttpError('BODY_TOO_DEEP', `The request body nests deeper than ${MAX_BODY_DEPTH} levels`));
    return;
  }
  next();
}
