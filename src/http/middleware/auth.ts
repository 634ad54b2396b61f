import type { NextFunction, Request, RequestHandler, Response } from 'express';
import * as E from 'fp-ts/Either';
import type { ApiKeyRejection, AuthenticatedKey } from '../../app/api-keys/authenticate-api-key';
import type { Actor } from '../../app/service-context';
import {
  hasScope,
  looksRandomToken,
  looksSecret,
  verifyAdminKey,
  type ApiKeyScope,
  type ServiceAuthenticator,
} from '../../security';
import type { ApiErrorCode, AuthErrorCode } from '../error-codes';
import { HttpError } from '../http-error';
import { clientAddress, rateLimited, spendOrRefuse, type RateLimits } from './rate-limits';

export type Principal =
  | { readonly kind: 'admin'; readonly userId?: string }
  | { readonly kind: 'tenant'; readonly key: AuthenticatedKey; readonly userId?: string }
  | { readonly kind: 'service'; readonly principal: string };

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

export interface AuthDependencies {
  readonly adminKey: string;
  readonly authenticateApiKey: (presented: unknown) => Promise<E.Either<ApiKeyRejection, AuthenticatedKey>>;
  readonly service: ServiceAuthenticator;
  /** Request limits per tenant and key, and failed authentications per address; none when absent. */
  readonly limits?: RateLimits;
}

const USER_ID = /^[A-Za-z0-9._@:+-]{1,128}$/;

/** The optional `X-User-ID` (who, behind the key, asked): recorded as part of the actor, so its alphabet is narrow. */
function userIdOf(req: Request): string | undefined {
  const userId = req.header('x-user-id');
  if (userId === undefined || userId === '') return undefined;
  if (!USER_ID.test(userId))
    throw new HttpError('INVALID_USER_ID', 'X-User-ID must be 1–128 of A-Z a-z 0-9 . _ @ : + -');
  // Stored in every event the request records: a value shaped like a credential is refused, never kept.
  if (looksSecret(userId) || looksRandomToken(userId)) {
    throw new HttpError('INVALID_USER_ID', 'X-User-ID looks like a credential (a key, token, long random text)');
  }
  return userId;
}

export function actorOf(req: Request): Actor {
  const p = req.principal;
  // The principal is what authentication proved; X-User-ID is only what the caller says, so it is kept apart.
  const actor =
    p === undefined
      ? 'anonymous'
      : p.kind === 'admin'
        ? 'admin'
        : p.kind === 'tenant'
          ? `key:${p.key.keyId}`
          : p.principal;
  const userId = p !== undefined && p.kind !== 'service' ? p.userId : undefined;
  return { actor, ...(userId ? { assertedUserId: userId } : {}), correlationId: req.requestId };
}

const wrap =
  (handler: (req: Request) => Promise<void> | void): RequestHandler =>
  (req: Request, _res: Response, next: NextFunction) => {
    Promise.resolve()
      .then(() => handler(req))
      .then(() => next(), next);
  };

function admitAdmin(deps: AuthDependencies, req: Request): boolean {
  const presented = req.header('x-admin-key');
  if (presented === undefined) return false;
  if (!verifyAdminKey(presented, deps.adminKey)) throw new HttpError('INVALID_ADMIN_KEY', 'The admin key is not valid');
  const userId = userIdOf(req);
  req.principal = userId ? { kind: 'admin', userId } : { kind: 'admin' };
  return true;
}

/** A presented key that did not verify (a missing one is no guess and costs nothing, so it is not counted). */
const FAILED_AUTHENTICATION: ReadonlySet<ApiErrorCode> = new Set<AuthErrorCode>([
  'INVALID_ADMIN_KEY',
  'INVALID_API_KEY',
  'API_KEY_EXPIRED',
  'API_KEY_REVOKED',
]);

/**
 * Runs an authentication, refused at once (429, before any Firestore read) while the caller's address has
 * spent its failed attempts; each failed attempt spends one.
 */
async function guardFailures(deps: AuthDependencies, req: Request, attempt: () => Promise<void> | void): Promise<void> {
  const limits = deps.limits;
  if (!limits) return attempt();
  const bucket = limits.buckets.failed_authentications;
  const address = clientAddress(req);
  const wait = bucket.waitMs(address, limits.now().getTime());
  if (wait > 0) throw rateLimited('failed_authentications', wait);
  try {
    await attempt();
  } catch (error) {
    const failed = error instanceof HttpError && FAILED_AUTHENTICATION.has(error.code);
    if (failed) bucket.take(address, limits.now().getTime());
    throw error;
  }
}

/**
 * Whether the caller may see operational detail (the admin key or a valid service token). It never refuses:
 * anyone else simply gets less, so an open route such as /health/ready stays open.
 */
export async function isOperator(deps: AuthDependencies, req: Request): Promise<boolean> {
  const adminKey = req.header('x-admin-key');
  if (adminKey !== undefined) return verifyAdminKey(adminKey, deps.adminKey);
  const authorization = req.header('authorization');
  return authorization !== undefined && (await deps.service.verify(authorization)).ok;
}

/** Admin routes: `X-Admin-Key`, compared in constant time. */
export function requireAdmin(deps: AuthDependencies): RequestHandler {
  return wrap((req) =>
    guardFailures(deps, req, () => {
      if (!admitAdmin(deps, req))
        throw new HttpError('UNAUTHORIZED', 'This operation needs the admin key (X-Admin-Key)');
    }),
  );
}

/** Admits the admin key or any valid tenant key; which tenant it may reach is checked by `authorizeTenant`. */
export function authenticate(deps: AuthDependencies): RequestHandler {
  return wrap(async (req) => {
    await guardFailures(deps, req, async () => {
      if (admitAdmin(deps, req)) return;
      const presented = req.header('x-api-key');
      if (presented === undefined)
        throw new HttpError('UNAUTHORIZED', 'Send a tenant API key (X-API-Key) or the admin key (X-Admin-Key)');
      const result = await deps.authenticateApiKey(presented);
      if (E.isLeft(result)) throw new HttpError(result.left.code, result.left.message);
      const userId = userIdOf(req);
      req.principal = userId ? { kind: 'tenant', key: result.right, userId } : { kind: 'tenant', key: result.right };
    });
    // Limited after authentication, so the keys are the tenant and key id (the admin key is not limited here).
    const principal = req.principal;
    if (deps.limits && principal?.kind === 'tenant') {
      spendOrRefuse(deps.limits, [
        ['tenant', principal.key.tenantId],
        ['api_key', principal.key.keyId],
      ]);
    }
  });
}

/** A tenant key reaches only its own tenant, and only with `scope`; the admin key reaches every tenant. */
export function authorizeTenant(req: Request, tenantId: string, scope: ApiKeyScope): void {
  const principal = req.principal;
  if (principal?.kind === 'admin') return;
  if (principal?.kind !== 'tenant')
    throw new HttpError('UNAUTHORIZED', 'Send a tenant API key (X-API-Key) or the admin key (X-Admin-Key)');
  if (principal.key.tenantId !== tenantId) throw new HttpError('FORBIDDEN', 'This API key belongs to another tenant');
  if (!hasScope(principal.key.scopes, scope)) throw new HttpError('FORBIDDEN', `This API key lacks the scope ${scope}`);
}

/**
 * Tenant routes: the admin key, or a tenant key of the tenant in the path holding `scope`. A key of another
 * tenant gets 403 whatever its scopes.
 */
export function requireTenant(deps: AuthDependencies, scope: ApiKeyScope): RequestHandler {
  const authenticated = authenticate(deps);
  return (req, res, next) => {
    authenticated(req, res, (error?: unknown) => {
      if (error) return next(error);
      try {
        authorizeTenant(req, req.params.tenant_id as string, scope);
        next();
      } catch (refusal) {
        next(refusal);
      }
    });
  };
}

/**
 * Calls from Cloud Scheduler, Cloud Tasks and Eventarc: `Authorization: Bearer` with a Google OIDC token in
 * production or the shared secret locally. The admin key is accepted too (the original scheduler endpoints did).
 */
export function requireService(deps: AuthDependencies): RequestHandler {
  return wrap(async (req) => {
    if (admitAdmin(deps, req)) return;
    const result = await deps.service.verify(req.header('authorization'));
    if (!result.ok)
      throw new HttpError(result.code === 'MISSING_TOKEN' ? 'UNAUTHORIZED' : 'INVALID_SERVICE_TOKEN', result.message);
    req.principal = { kind: 'service', principal: result.principal };
  });
}
