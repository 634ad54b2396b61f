export { MAX_BEARER_TOKEN_LENGTH, bearerTokenOf } from './bearer-token';
export {
  InvalidOidcConfig,
  createGoogleOidcAuthenticator,
  googleIdTokenVerifier,
  type GoogleOidcAuthenticatorOptions,
  type IdTokenVerifier,
} from './google-oidc-authenticator';
export { GOOGLE_ISSUERS, GoogleIdTokenClaims, checkOidcClaims, type OidcPolicy } from './oidc-claims';
export {
  serviceAuthFailure,
  type ServiceAuthFailure,
  type ServiceAuthFailureCode,
  type ServiceAuthResult,
  type ServiceAuthSuccess,
  type ServiceAuthenticator,
} from './service-authenticator';
export {
  InvalidServiceTokenConfig,
  MIN_SERVICE_TOKEN_LENGTH,
  createSharedSecretAuthenticator,
} from './shared-secret-authenticator';
