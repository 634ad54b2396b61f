import { OAuth2Client } from 'google-auth-library';
import { bearerTokenOf } from './bearer-token';
import { checkOidcClaims, type OidcPolicy } from './oidc-claims';
import { serviceAuthFailure, type ServiceAuthenticator } from './service-authenticator';

/**
 * Checks a Google ID token's signature (against Google's published certificates), issuer and expiry, and
 * resolves to its payload; rejects otherwise. Injected in tests, where Google's certificates are unreachable.
 */
export type IdTokenVerifier = (idToken: string) => Promise<unknown>;

export interface GoogleOidcAuthenticatorOptions extends OidcPolicy {
  readonly verifyIdToken?: IdTokenVerifier;
  /** Google's PEM certificates endpoint unless given (the production smoke test serves its own). */
  readonly certsUrl?: string;
}

export class InvalidOidcConfig extends Error {
  readonly code = 'INVALID_OIDC_CONFIG';
  constructor(problem: string) {
    super(`Invalid service-auth configuration: ${problem}`);
    this.name = 'InvalidOidcConfig';
  }
}

/** Production: Cloud Scheduler, Cloud Tasks and Eventarc call with an OIDC token of a configured service account. */
export function createGoogleOidcAuthenticator(options: GoogleOidcAuthenticatorOptions): ServiceAuthenticator {
  // An empty list is a configuration mistake: say so at start-up rather than refuse every call at run time.
  if (options.audiences.length === 0) throw new InvalidOidcConfig('at least one audience is required');
  if (options.allowedServiceAccounts.length === 0)
    throw new InvalidOidcConfig('at least one allowed service account is required');
  const policy: OidcPolicy = {
    audiences: [...options.audiences],
    allowedServiceAccounts: [...options.allowedServiceAccounts],
  };
  const verifyIdToken =
    options.verifyIdToken ??
    googleIdTokenVerifier(
      new OAuth2Client(options.certsUrl ? { endpoints: { oauth2FederatedSignonPemCertsUrl: options.certsUrl } } : {}),
    );
  return {
    async verify(authorizationHeader) {
      const bearer = bearerTokenOf(authorizationHeader);
      if (!bearer.ok) return bearer;
      let payload: unknown;
      try {
        payload = await verifyIdToken(bearer.token);
      } catch {
        // google-auth-library's messages quote the token itself; they must not reach a response or a log.
        return serviceAuthFailure('INVALID_TOKEN', 'The ID token could not be verified (signature, issuer or expiry)');
      }
      return checkOidcClaims(payload, policy);
    },
  };
}

/**
 * The audience is deliberately not passed to the library: it is checked in checkOidcClaims, so a wrong
 * audience is reported as WRONG_AUDIENCE rather than folded into INVALID_TOKEN.
 */
export function googleIdTokenVerifier(client: OAuth2Client): IdTokenVerifier {
  return async (idToken) => (await client.verifyIdToken({ idToken })).getPayload();
}
