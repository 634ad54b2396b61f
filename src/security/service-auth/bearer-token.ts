import { serviceAuthFailure, type ServiceAuthFailure } from './service-authenticator';

/** Far above any Google ID token (~1 KB) or configured secret; larger headers are refused without further work. */
export const MAX_BEARER_TOKEN_LENGTH = 8_192;

/** RFC 6750 token68 characters only. */
const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i;

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive, RFC 7235), or why not. */
export function bearerTokenOf(
  authorizationHeader: string | undefined,
): { readonly ok: true; readonly token: string } | ServiceAuthFailure {
  if (typeof authorizationHeader !== 'string' || authorizationHeader.trim() === '') {
    return serviceAuthFailure('MISSING_TOKEN', 'An Authorization header with a Bearer token is required');
  }
  if (authorizationHeader.length > MAX_BEARER_TOKEN_LENGTH + 16) {
    return serviceAuthFailure('INVALID_TOKEN', 'The Authorization header is too long');
  }
  const token = BEARER.exec(authorizationHeader)?.[1];
  if (token === undefined)
    return serviceAuthFailure('INVALID_TOKEN', 'The Authorization header must be "Bearer <token>"');
  return { ok: true, token };
}
