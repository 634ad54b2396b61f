export type ServiceAuthFailureCode = 'MISSING_TOKEN' | 'INVALID_TOKEN' | 'WRONG_AUDIENCE' | 'WRONG_SERVICE_ACCOUNT';

export interface ServiceAuthSuccess {
  readonly ok: true;
  readonly principal: string;
}

export interface ServiceAuthFailure {
  readonly ok: false;
  readonly code: ServiceAuthFailureCode;
  readonly message: string;
}

export type ServiceAuthResult = ServiceAuthSuccess | ServiceAuthFailure;

/**
 * Authenticates the calls Cloud Scheduler, Cloud Tasks and Eventarc make (`Authorization: Bearer …`): a Google
 * OIDC token in production, a shared secret locally. Never rejects; failures are values, and their messages
 * never quote the token.
 */
export interface ServiceAuthenticator {
  verify(authorizationHeader: string | undefined): Promise<ServiceAuthResult>;
}

export function serviceAuthFailure(code: ServiceAuthFailureCode, message: string): ServiceAuthFailure {
  return { ok: false, code, message };
}
