import { constantTimeEqual } from '../constant-time-equal';
import { bearerTokenOf } from './bearer-token';
import { serviceAuthFailure, type ServiceAuthenticator } from './service-authenticator';

/** Below this a shared secret is guessable; the local start generates a long one. */
export const MIN_SERVICE_TOKEN_LENGTH = 32;

export class InvalidServiceTokenConfig extends Error {
  readonly code = 'INVALID_SERVICE_TOKEN_CONFIG';
  constructor() {
    super(`CONVERGENCE_SERVICE_TOKEN must be at least ${MIN_SERVICE_TOKEN_LENGTH} characters`);
    this.name = 'InvalidServiceTokenConfig';
  }
}

/** Local runs: the scheduler clock, the local Cloud Tasks server and the Eventarc bridge send `Bearer <CONVERGENCE_SERVICE_TOKEN>`. */
export function createSharedSecretAuthenticator(
  serviceToken: string,
  principal = 'service:local',
): ServiceAuthenticator {
  if (serviceToken.length < MIN_SERVICE_TOKEN_LENGTH) throw new InvalidServiceTokenConfig();
  return {
    async verify(authorizationHeader) {
      const bearer = bearerTokenOf(authorizationHeader);
      if (!bearer.ok) return bearer;
      if (!constantTimeEqual(bearer.token, serviceToken))
        return serviceAuthFailure('INVALID_TOKEN', 'The service token is not valid');
      return { ok: true, principal };
    },
  };
}
