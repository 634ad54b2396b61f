import type { NextFunction, Request, Response } from 'express';
import { TENANT_ID_PATTERN } from '../../domain/tenant-id';
import { HttpError } from '../http-error';

/** Every `:tenant_id` is checked before anything else runs: it names datasets and documents. */
export function checkTenantIdParam(_req: Request, _res: Response, next: NextFunction, value: unknown): void {
  if (typeof value === 'string' && TENANT_ID_PATTERN.test(value)) return next();
  next(new HttpError('INVALID_TENANT_ID', 'tenant_id must be 3–50 characters of a-z, 0-9 and _'));
}

const SIMPLE_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Other path ids (key, credential, config ids) are opaque but narrow. */
export function checkIdParam(name: string) {
  return (_req: Request, _res: Response, next: NextFunction, value: unknown): void => {
    if (typeof value === 'string' && SIMPLE_ID.test(value)) return next();
    next(new HttpError('INVALID_PARAMETER', `${name} must be 1–100 characters of A-Z, a-z, 0-9, _ and -`));
  };
}
