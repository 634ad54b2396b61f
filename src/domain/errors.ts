/** A command the domain refuses: a code callers pattern-match on, and a message for people. */
export interface DomainError {
  readonly code: DomainErrorCode;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type DomainErrorCode =
  | 'TENANT_NOT_FOUND'
  | 'TENANT_EXISTS'
  | 'TENANT_NOT_ACTIVE'
  | 'TENANT_DELETED'
  | 'API_KEY_NOT_FOUND'
  | 'API_KEY_EXISTS'
  | 'API_KEY_REVOKED'
  | 'API_KEY_EXPIRED'
  | 'API_KEY_SCOPE_ESCALATION'
  | 'API_KEY_EXPIRY_ESCALATION'
  | 'CREDENTIAL_NOT_FOUND'
  | 'CREDENTIAL_EXISTS'
  | 'SCHEDULE_NOT_FOUND'
  | 'SCHEDULE_EXISTS'
  | 'API_KEY_LIMIT_REACHED'
  | 'CREDENTIAL_LIMIT_REACHED'
  | 'SCHEDULE_LIMIT_REACHED'
  | 'SYSTEM_NOT_BOOTSTRAPPED'
  | 'RUN_NOT_FOUND'
  | 'RUN_NOT_RUNNING'
  /** A worker reported on a run whose lease another worker took over (not a projection partition's lease). */
  | 'RUN_LEASE_LOST'
  | 'INVALID_COMMAND';

export const domainError = (
  code: DomainErrorCode,
  message: string,
  details?: Readonly<Record<string, unknown>>,
): DomainError => (details ? { code, message, details } : { code, message });
