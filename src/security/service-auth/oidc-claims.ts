import * as t from 'io-ts';
import { serviceAuthFailure, type ServiceAuthResult } from './service-authenticator';

/** The issuers Google signs ID tokens as (google-auth-library checks these too; checked again here, cheaply). */
export const GOOGLE_ISSUERS: readonly string[] = ['accounts.google.com', 'https://accounts.google.com'];

/** The claims this service relies on; the verifier has already checked the signature and expiry. */
export const GoogleIdTokenClaims = t.intersection([
  t.type({ iss: t.string, aud: t.string }),
  t.partial({ email: t.string, email_verified: t.boolean }),
]);

export interface OidcPolicy {
  /** Accepted `aud` values: what Cloud Scheduler / Cloud Tasks / Eventarc are configured to request (often the service URL). */
  readonly audiences: readonly string[];
  /** Service accounts allowed to call (compared case-insensitively). */
  readonly allowedServiceAccounts: readonly string[];
}

/**
 * Decides from verified claims whether the caller is one of ours. Pure, so every rule is tested without
 * Google's certificates. The email must be verified: an unverified claim proves nothing about the account.
 */
export function checkOidcClaims(payload: unknown, policy: OidcPolicy): ServiceAuthResult {
  const claims = GoogleIdTokenClaims.decode(payload);
  if (claims._tag === 'Left') return serviceAuthFailure('INVALID_TOKEN', 'The ID token lacks the iss or aud claim');
  const { iss, aud, email, email_verified: emailVerified } = claims.right;
  if (!GOOGLE_ISSUERS.includes(iss))
    return serviceAuthFailure('INVALID_TOKEN', 'The ID token was not issued by Google');
  if (!policy.audiences.includes(aud))
    return serviceAuthFailure('WRONG_AUDIENCE', 'The ID token was issued for another audience');
  if (email === undefined || emailVerified !== true) {
    return serviceAuthFailure('WRONG_SERVICE_ACCOUNT', 'The ID token carries no verified service-account email');
  }
  const allowed = policy.allowedServiceAccounts.map((account) => account.toLowerCase());
  if (!allowed.includes(email.toLowerCase())) {
    // The caller's own email is not secret and tells an operator which account to allow.
    return serviceAuthFailure('WRONG_SERVICE_ACCOUNT', `Service account ${email} is not allowed to call this service`);
  }
  return { ok: true, principal: `serviceAccount:${email.toLowerCase()}` };
}
