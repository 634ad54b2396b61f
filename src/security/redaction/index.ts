export { KnownSecrets, MIN_KNOWN_SECRET_LENGTH } from './known-secrets';
export { redactSecrets, type RedactionOptions } from './redact-secrets';
export { REDACTED, redactText, type TextRedactionOptions } from './redact-text';
export { isSecretFieldName, isSecretParameterName } from './secret-names';
export { looksSecret } from './looks-secret';
export { looksRandomToken } from './looks-random-token';
