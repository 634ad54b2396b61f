import type { Request } from 'express';
import type { ParameterSetter } from '../../app/schedules/parameter-ownership';
import { HttpError } from '../http-error';

/**
 * Who sets the pipeline parameters a request carries: the admin key is the operator, a tenant key the tenant.
 * Taken from the authenticated principal's kind, never from the actor text.
 */
export function parameterSetterOf(req: Request): ParameterSetter {
  const kind = req.principal?.kind;
  if (kind === 'admin') return 'operator';
  if (kind === 'tenant') return 'tenant';
  throw new HttpError('UNAUTHORIZED', 'Send a tenant API key (X-API-Key) or the admin key (X-Admin-Key)');
}
